from sikerja_policy_client import Officiate, Place, PolicyActor, decision_input


def test_the_input_skeleton_carries_the_actor_place_jabatan_and_offices():
    actor = PolicyActor(id="198803032012031003", instansi="inst", roles=("pegawai",),
                        place=Place("inst", "pd-dinkes", "u-bidang"), jabatan_kind="administrator",
                        status="PNS", officiates=(Officiate("puo", "u-bidang"),))
    document = decision_input("penugasan.approve", "perbup-sumenep-9-2024", actor, {"request": "r-1"},
                              time="2026-01-05T08:00:00+07:00")
    assert document == {
        "action": "penugasan.approve", "profile": "perbup-sumenep-9-2024", "time": "2026-01-05T08:00:00+07:00",
        "actor": {"id": "198803032012031003", "instansi": "inst", "roles": ["pegawai"],
                  "place": {"instansi": "inst", "perangkat_daerah": "pd-dinkes", "unit": "u-bidang"},
                  "jabatan": {"kind": "administrator"}, "status": "PNS",
                  "officiates": [{"as": "puo", "of": "u-bidang"}]},
        "resource": {"request": "r-1"},
    }
    assert list(actor.officiating("puo")) == ["u-bidang"]


def test_what_is_unknown_is_left_out_not_guessed():
    actor = PolicyActor(id="x", instansi="inst")
    assert decision_input("tim_kerja.form", "p", actor, {})["actor"] == {
        "id": "x", "instansi": "inst", "roles": [], "officiates": []}
