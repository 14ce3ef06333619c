"""The rules assignment reads off the organisation: working unit, nearest leader, the placement that counts."""

from datetime import date

from assignment.domain.org_facts import (
    Placement,
    UnitNode,
    ancestors,
    leaders_by_unit,
    main_placement,
    nearest_leader,
    root_unit_of,
    working_unit,
)

UNITS = {u.id: u for u in (UnitNode("dinas", "pd", None), UnitNode("bidang", "pd", "dinas"),
                           UnitNode("seksi", "pd", "bidang"), UnitNode("pkm", "pkm-pd", None))}


def placed(nip: str, unit: str, *, leads: bool = False, tugas_tambahan: bool = False, kind: str = "fungsional",
           start: date = date(2024, 4, 1), position: str | None = None) -> Placement:
    return Placement(nip=nip, instansi_id="kab", position_id=position or f"{nip}-{unit}", title="t", kind=kind,
                     jenjang=None, pd_id=UNITS[unit].pd_id if unit in UNITS else "pd", unit_id=unit, leads_unit=leads,
                     tugas_tambahan=tugas_tambahan, start=start)


def test_a_unit_leader_works_in_the_unit_above_and_a_pd_head_in_its_own():
    assert working_unit(placed("kasi", "seksi", leads=True), UNITS) == "bidang"
    assert working_unit(placed("jf", "seksi"), UNITS) == "seksi"
    assert working_unit(placed("kadis", "dinas", leads=True), UNITS) == "dinas"
    assert working_unit(placed("kapkm", "pkm", leads=True), UNITS) == "pkm"
    assert working_unit(placed("x", "unknown", leads=True), UNITS) == "unknown"  # its unit not yet known


def test_the_puo_is_the_nearest_leader_upwards():
    leaders = {"bidang": "kabid", "dinas": "kadis"}
    assert ancestors("seksi", UNITS) == ["seksi", "bidang", "dinas"]
    assert nearest_leader("seksi", UNITS, leaders) == "kabid"  # the Seksi has no Kepala Seksi placed
    assert nearest_leader("bidang", UNITS, leaders) == "kabid"
    assert nearest_leader("pkm", UNITS, leaders) is None
    assert root_unit_of("pd", UNITS) == "dinas" and root_unit_of("nowhere", UNITS) is None


def test_a_definitive_leader_goes_before_one_holding_it_as_tugas_tambahan():
    leaders = leaders_by_unit([placed("definitif", "bidang", leads=True, start=date(2023, 1, 1)),
                               placed("plt", "bidang", leads=True, tugas_tambahan=True, start=date(2024, 1, 1)),
                               placed("jf", "bidang")])
    assert leaders == {"bidang": "definitif"}


def test_the_main_placement_is_not_a_leadership_held_beside_another_position():
    dokter = placed("n", "pkm", position="dokter")
    kepala = placed("n", "pkm", leads=True, tugas_tambahan=True, position="kepala")
    assert main_placement([kepala, dokter]) == dokter
    assert main_placement([kepala]) == kepala
    assert main_placement([]) is None
