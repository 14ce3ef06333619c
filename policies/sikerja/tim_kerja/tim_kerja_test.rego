package sikerja.tim_kerja_test

import data.sikerja.tim_kerja

# ---------------------------------------------------------------------------------------------------------
# Fixtures: a Dinas A (bidang-1 owns the team), its bidang-2, a Dinas B and another instansi.

_smp := "perbup-sumenep-9-2024"

_jpr := "perbup-jepara-17-2024"

_bdg := "perwal-bandung-6-2023"

_tla := "perbup-tanahlaut-26-2024"

_pky := "perwal-palangkaraya-13-2024"

_nas := "permenpanrb-7-2022"

_owner := {"instansi": "kab-x", "perangkat_daerah": "dinas-a", "unit": "bidang-1", "pd_type": "dinas"}

_p_unit := {"instansi": "kab-x", "perangkat_daerah": "dinas-a", "unit": "bidang-1"}

_p_other_unit := {"instansi": "kab-x", "perangkat_daerah": "dinas-a", "unit": "bidang-2"}

_p_other_pd := {"instansi": "kab-x", "perangkat_daerah": "dinas-b", "unit": "bidang-9"}

_p_other_instansi := {"instansi": "kab-y", "perangkat_daerah": "dinas-z", "unit": "bidang-z"}

_far := {
	"dalam_unit_organisasi": _p_unit,
	"lintas_unit_organisasi": _p_other_unit,
	"lintas_perangkat_daerah": _p_other_pd,
	"lintas_instansi": _p_other_instansi,
}

_members(scope) := [{"id": "m-1", "place": _p_unit}, {"id": "m-2", "place": _far[scope]}]

_puo := {"as": "puo", "of": "bidang-1"}

_kpd := {"as": "kepala_perangkat_daerah", "of": "dinas-a"}

_sekda := {"as": "sekretaris_daerah", "of": "kab-x"}

_bupati := {"as": "bupati", "of": "kab-x"}

_pyb := {"as": "pejabat_yang_berwenang", "of": "kab-x"}

_pk := {"as": "pemilik_kinerja", "of": "bidang-1"}

_penilai := {"as": "penilai_kinerja", "of": "bidang-1"}

_ktv := {"as": "ketua_tim_verifikasi", "of": "kab-x"}

_stranger := {"as": "puo", "of": "bidang-7"}

_pengawas_koordinator := {"as": "pengawas_koordinator", "of": "bidang-1"}

_actor(offs) := {
	"id": "198001012005011001", "instansi": "kab-x", "roles": [], "place": _p_unit,
	"jabatan": {"kind": "administrator"}, "status": "PNS", "officiates": offs,
}

# Every gate of every profile satisfied; tests that exercise a gate remove its field.
_gates_open := {
	"tim_verifikasi_rekomendasi": true, "rencana_kerja_ditetapkan": true,
	"identifikasi_rencana_hasil_kerja": true, "identifikasi_sifat_pekerjaan": true,
	"identifikasi_teknis_pelaksanaan": true,
}

_team(scope, extra) := object.union_n([
	{"id": "tim-1", "kind": "tim", "purpose": "target_kinerja", "tahun_anggaran": 2024, "owner": _owner, "members": _members(scope)},
	_gates_open,
	extra,
])

_resource(scope, extra) := {"date": "2024-01-10", "team": _team(scope, extra)}

_in(action, profile, offs, resource) := {"action": action, "profile": profile, "actor": _actor(offs), "resource": resource}

_decide(action, profile, offs, resource) := decide(_in(action, profile, offs, resource))

# A test that edits a profile decides with the table recomputed from it, as `make policy-tables` would recompute it
# (a deployment refuses to start on a table that its profiles no longer give).
_recomputed_table := {r.key: r.entry | some r in tim_kerja.table_rows}

# Every decision a test looks at: the fast path (tables.rego) must not differ from full_decision, compared as the
# JSON the sidecar answers with.
decide(inp) := d if {
	d := tim_kerja.decision with input as inp
	json.marshal(d) == json.marshal(tim_kerja.full_decision) with input as inp
}

_cites(d, code, fragment) if {
	some r in d.reasons
	r.code == code
	contains(r.source, fragment)
}

_allowed_citing(d, code, fragment) if {
	d.allow
	_cites(d, code, fragment)
}

_denied_citing(d, code, fragment) if {
	not d.allow
	_cites(d, code, fragment)
}

# Candidates
_jf_strong := {
	"id": "m-1", "place": _p_unit, "status": "PNS", "pendidikan": "S1",
	"jabatan": {"kind": "fungsional", "jenjang": "ahli_muda"},
	"kinerja": [{"year": 2023, "predikat": "baik"}], "kompetensi_sesuai": true, "talent_pool": true,
}

_with(cand, extra) := object.union(cand, extra)

_ketua(profile, offs, scope, cand, extra) := _decide("tim_kerja.appoint_ketua", profile, offs, {
	"date": "2024-01-10", "team": _team(scope, extra), "candidate": cand,
})

# ---------------------------------------------------------------------------------------------------------
# Who proposes, forms and sets, per profile and scope: [profile, action, scope, allowed actor, refused actor, source]

_authority_cases := {
	"smp propose dalam": [_smp, "propose", "dalam_unit_organisasi", _puo, _kpd, "baris 471-476"],
	"smp form dalam": [_smp, "form", "dalam_unit_organisasi", _puo, _kpd, "Pasal 15 ayat (2) huruf b"],
	"smp set lintas unit": [_smp, "set", "lintas_unit_organisasi", _puo, _stranger, "Pasal 15 ayat (2) huruf b"],
	"smp propose lintas pd": [_smp, "propose", "lintas_perangkat_daerah", _puo, _stranger, "baris 473"],
	"smp form lintas pd": [_smp, "form", "lintas_perangkat_daerah", _kpd, _puo, "Pasal 15 ayat (2) huruf a"],
	"smp set lintas pd": [_smp, "set", "lintas_perangkat_daerah", _kpd, _puo, "Pasal 15 ayat (2) huruf a"],
	"jpr propose dalam": [_jpr, "propose", "dalam_unit_organisasi", _puo, _stranger, "baris 679-680"],
	"jpr form dalam": [_jpr, "form", "dalam_unit_organisasi", _kpd, _puo, "baris 679, 681"],
	"jpr set dalam": [_jpr, "set", "dalam_unit_organisasi", _kpd, _puo, "baris 679, 681"],
	"jpr propose lintas unit": [_jpr, "propose", "lintas_unit_organisasi", _puo, _stranger, "baris 688, 690"],
	"jpr form lintas unit": [_jpr, "form", "lintas_unit_organisasi", _kpd, _puo, "baris 690, 692"],
	"jpr set lintas unit": [_jpr, "set", "lintas_unit_organisasi", _kpd, _puo, "baris 692"],
	"jpr propose lintas pd": [_jpr, "propose", "lintas_perangkat_daerah", _kpd, _puo, "baris 699"],
	"jpr form lintas pd": [_jpr, "form", "lintas_perangkat_daerah", _bupati, _kpd, "baris 699"],
	"jpr set lintas pd": [_jpr, "set", "lintas_perangkat_daerah", _pyb, _kpd, "baris 745-749"],
	"jpr propose lintas instansi": [_jpr, "propose", "lintas_instansi", _kpd, _puo, "baris 701"],
	"jpr form lintas instansi": [_jpr, "form", "lintas_instansi", _pyb, _kpd, "baris 745-749"],
	"jpr set lintas instansi": [_jpr, "set", "lintas_instansi", _bupati, _kpd, "baris 745-749"],
	"bdg propose dalam": [_bdg, "propose", "dalam_unit_organisasi", _kpd, _puo, "Pasal 10 ayat (2)"],
	"bdg form lintas unit": [_bdg, "form", "lintas_unit_organisasi", _kpd, _puo, "Pasal 10 ayat (1)-(2)"],
	"bdg set dalam": [_bdg, "set", "dalam_unit_organisasi", _kpd, _puo, "Pasal 10 ayat (3)"],
	"bdg set lintas unit": [_bdg, "set", "lintas_unit_organisasi", _kpd, _sekda, "Pasal 10 ayat (3)"],
	"bdg form lintas pd": [_bdg, "form", "lintas_perangkat_daerah", _kpd, _sekda, "Pasal 10 ayat (1)-(2)"],
	"bdg set lintas pd": [_bdg, "set", "lintas_perangkat_daerah", _sekda, _kpd, "Pasal 9 ayat (4)"],
	"bdg set lintas instansi": [_bdg, "set", "lintas_instansi", _sekda, _kpd, "dibaca analog"],
	"tla propose dalam": [_tla, "propose", "dalam_unit_organisasi", _puo, _kpd, "Pasal 11 ayat (2)"],
	"tla form dalam": [_tla, "form", "dalam_unit_organisasi", _puo, _kpd, "baris 539"],
	"tla propose lintas unit": [_tla, "propose", "lintas_unit_organisasi", _puo, _kpd, "Pasal 14 huruf a"],
	"tla form lintas pd": [_tla, "form", "lintas_perangkat_daerah", _puo, _kpd, "baris 539"],
	"tla propose lintas instansi": [_tla, "propose", "lintas_instansi", _puo, _kpd, "Pasal 15 huruf a"],
	"tla set lintas instansi": [_tla, "set", "lintas_instansi", _puo, _kpd, "baris 539"],
	"pky propose dalam": [_pky, "propose", "dalam_unit_organisasi", _pk, _stranger, "baris 713-715"],
	"pky form dalam": [_pky, "form", "dalam_unit_organisasi", _pk, _stranger, "baris 716"],
	"pky set lintas unit": [_pky, "set", "lintas_unit_organisasi", _kpd, _stranger, "baris 740"],
	"pky set lintas pd": [_pky, "set", "lintas_perangkat_daerah", _puo, _stranger, "baris 716"],
	"pky propose lintas instansi": [_pky, "propose", "lintas_instansi", _kpd, _stranger, "baris 745"],
	"pky set lintas instansi": [_pky, "set", "lintas_instansi", _pk, _stranger, "baris 753"],
	"nas form dalam": [_nas, "form", "dalam_unit_organisasi", _puo, _kpd, "Pejabat Level 2"],
	"nas set lintas unit": [_nas, "set", "lintas_unit_organisasi", _puo, _kpd, "Pejabat Level 2"],
	"nas propose lintas pd": [_nas, "propose", "lintas_perangkat_daerah", _puo, _stranger, "Pejabat Level 2"],
	"nas set lintas pd": [_nas, "set", "lintas_perangkat_daerah", _kpd, _puo, "Pejabat Level 1"],
	"nas set lintas instansi": [_nas, "set", "lintas_instansi", _pyb, _kpd, "Peraturan BKN 16/2022"],
}

test_authority_allowed[name] if {
	some name, c in _authority_cases
	d := _decide(concat("", ["tim_kerja.", c[1]]), c[0], [c[3]], _resource(c[2], {}))
	_allowed_citing(d, "tim_kerja.authorized", c[5])
	d.obligations.scope == c[2]
}

test_authority_denied[name] if {
	some name, c in _authority_cases
	d := _decide(concat("", ["tim_kerja.", c[1]]), c[0], [c[4]], _resource(c[2], {}))
	_denied_citing(d, "tim_kerja.not_authorized", c[5])
}

test_scope_lintas_instansi_denied_smp if {
	d := _decide("tim_kerja.form", _smp, [_kpd], _resource("lintas_instansi", {}))
	_denied_citing(d, "tim_kerja.scope_not_allowed", "Pasal 14 ayat (1) (baris 176)")
}

test_scope_lintas_instansi_allowed_bdg if {
	d := _decide("tim_kerja.form", _bdg, [_kpd], _resource("lintas_instansi", {}))
	_allowed_citing(d, "tim_kerja.scope", "Pasal 7 ayat (2)")
}

# ---------------------------------------------------------------------------------------------------------
# Documents, signers, tembusan and proposal routes (obligations)

test_document_surat_perintah_allowed_smp if {
	d := _decide("tim_kerja.set", _smp, [_kpd], _resource("lintas_perangkat_daerah", {}))
	d.obligations.document.kind == "surat_perintah"
	d.obligations.document.signers == [{"as": "kepala_perangkat_daerah", "of": "dinas-a", "title": "Kepala Perangkat Daerah"}]
	contains(d.obligations.document.source, "Pasal 15 ayat (4)")
	d.obligations.tembusan == []
}

test_document_keputusan_allowed_jpr if {
	d := _decide("tim_kerja.set", _jpr, [_bupati], _resource("lintas_perangkat_daerah", {}))
	d.obligations.document.kind == "keputusan"
	{s.as | some s in d.obligations.document.signers} == {"bupati", "pejabat_yang_berwenang"}
	contains(d.obligations.document.source, "baris 745-749")
}

test_document_surat_perintah_tugas_allowed_jpr if {
	d := _decide("tim_kerja.set", _jpr, [_kpd], _resource("lintas_unit_organisasi", {}))
	d.obligations.document.kind == "surat_perintah_tugas"
	contains(d.obligations.document.source, "baris 739-743")
}

test_document_sk_tim_kerja_allowed_pky if {
	d := _decide("tim_kerja.form", _pky, [_pk], _resource("lintas_instansi", {}))
	d.obligations.document.kind == "sk_tim_kerja"
	contains(d.obligations.document.source, "Pasal 11 ayat (7)")
}

test_document_tembusan_allowed_tla if {
	d := _decide("tim_kerja.set", _tla, [_puo], _resource("lintas_instansi", {}))
	d.obligations.document.kind == "surat_penugasan"
	d.obligations.tembusan == [{"as": "pejabat_yang_berwenang", "of": "kab-x", "title": "Pejabat yang Berwenang"}]
	contains(d.obligations.document.source, "Pasal 15 huruf e angka 4)")
}

test_document_surat_penugasan_allowed_nas if {
	d := _decide("tim_kerja.set", _nas, [_puo], _resource("dalam_unit_organisasi", {}))
	d.obligations.document.kind == "surat_penugasan"
	startswith(d.obligations.document.source, "Sikerja:")
}

test_document_keputusan_by_law_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"law_requires_keputusan": true}))
	d.obligations.document.kind == "keputusan"
	d.obligations.document.signers == []
	contains(d.obligations.document.source, "Pasal 9 ayat (5)")
}

test_document_surat_perintah_without_law_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"law_requires_keputusan": false}))
	d.obligations.document.kind == "surat_perintah"
	contains(d.obligations.document.source, "Pasal 9 ayat (1)")
}

test_propose_route_allowed_bdg if {
	d := _decide("tim_kerja.propose", _bdg, [_kpd], _resource("dalam_unit_organisasi", {}))
	d.obligations.route.to == [{"as": "wali_kota", "of": "kab-x", "title": "Wali Kota"}]
	d.obligations.route.via == [{"as": "ketua_tim_verifikasi", "of": "kab-x", "title": "Ketua Tim Verifikasi"}]
	contains(d.obligations.route.source, "Pasal 10 ayat (2)")
}

test_propose_route_allowed_smp if {
	d := _decide("tim_kerja.propose", _smp, [_puo], _resource("lintas_perangkat_daerah", {}))
	d.obligations.route.to == [{"as": "kepala_perangkat_daerah", "of": "dinas-a", "title": "Kepala Perangkat Daerah"}]
	d.obligations.route.via == []
}

# ---------------------------------------------------------------------------------------------------------
# Formation windows

test_window_january_allowed_smp if {
	d := _decide("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {}))
	_allowed_citing(d, "tim_kerja.within_window", "Pasal 15 ayat (3) huruf a")
}

test_window_march_routine_denied_smp if {
	d := _decide("tim_kerja.set", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {"purpose": "rutin"}), {"date": "2024-03-05"}))
	_denied_citing(d, "tim_kerja.outside_window", "Pasal 15 ayat (3) huruf a")
}

test_window_march_incidental_allowed_smp if {
	d := _decide("tim_kerja.form", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {"purpose": "insidental"}), {"date": "2024-03-05"}))
	_allowed_citing(d, "tim_kerja.within_window", "Pasal 15 ayat (3) huruf b")
}

test_window_other_budget_year_denied_smp if {
	d := _decide("tim_kerja.form", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {"purpose": "perubahan_target", "tahun_anggaran": 2025}), {"date": "2024-03-05"}))
	_denied_citing(d, "tim_kerja.outside_window", "Pasal 15 ayat (3) huruf b")
}

test_window_before_perjanjian_kinerja_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"perjanjian_kinerja_ditetapkan_pada": "2024-01-31"}))
	_allowed_citing(d, "tim_kerja.within_window", "baris 809")
}

test_window_after_perjanjian_kinerja_denied_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], object.union(_resource("dalam_unit_organisasi", {"perjanjian_kinerja_ditetapkan_pada": "2024-01-31"}), {"date": "2024-02-10"}))
	_denied_citing(d, "tim_kerja.outside_window", "baris 809")
}

test_window_periodic_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], object.union(_resource("dalam_unit_organisasi", {"purpose": "perubahan_target", "perjanjian_kinerja_ditetapkan_pada": "2024-01-31"}), {"date": "2024-06-10"}))
	_allowed_citing(d, "tim_kerja.within_window", "dan periodik")
}

test_window_incidental_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], object.union(_resource("dalam_unit_organisasi", {"purpose": "insidental", "perjanjian_kinerja_ditetapkan_pada": "2024-01-31"}), {"date": "2024-06-10"}))
	_allowed_citing(d, "tim_kerja.within_window", "Pasal 13 (baris 231)")
}

_any_time_cases := {
	"jpr": [_jpr, _kpd, "baris 77"],
	"tla": [_tla, _puo, "baris 525"],
	"pky": [_pky, _pk, "baris 713"],
	"nas": [_nas, _puo, "Sikerja:"],
}

test_window_any_month_allowed[name] if {
	some name, c in _any_time_cases
	d := _decide("tim_kerja.form", c[0], [c[1]], object.union(_resource("dalam_unit_organisasi", {"purpose": "rutin"}), {"date": "2024-09-30"}))
	_allowed_citing(d, "tim_kerja.within_window", c[2])
}

test_window_purpose_without_rule_denied if {
	rules := [{"id": "x", "purposes": ["rutin"], "type": "any", "source": "uji"}]
	table := _recomputed_table with data.sikerja.profiles["perbup-jepara-17-2024"].tim_kerja.windows.rules as rules
	d := _decide("tim_kerja.form", _jpr, [_kpd], _resource("dalam_unit_organisasi", {}))
		with data.sikerja.profiles["perbup-jepara-17-2024"].tim_kerja.windows.rules as rules
		with data.sikerja.tables.tim_kerja as table
	_denied_citing(d, "tim_kerja.outside_window", "tidak mengatur waktu")
}

# ---------------------------------------------------------------------------------------------------------
# Gates: Tim Verifikasi (BDG), rencana kerja (TLA), identifikasi kebutuhan (PKY)

test_gate_tim_verifikasi_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {}))
	_allowed_citing(d, "tim_kerja.gate_met", "Pasal 10 ayat (3)")
}

test_gate_tim_verifikasi_denied_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"tim_verifikasi_rekomendasi": false}))
	_denied_citing(d, "tim_kerja.gate_unmet", "Pasal 10 ayat (3)")
}

test_gate_rencana_kerja_allowed_tla if {
	d := _decide("tim_kerja.form", _tla, [_puo], _resource("dalam_unit_organisasi", {}))
	_allowed_citing(d, "tim_kerja.gate_met", "baris 468-474")
}

test_gate_rencana_kerja_denied_tla if {
	d := _decide("tim_kerja.form", _tla, [_puo], _resource("dalam_unit_organisasi", {"rencana_kerja_ditetapkan": false}))
	_denied_citing(d, "tim_kerja.gate_unmet", "baris 468-474")
}

_pky_gates := {
	"identifikasi_rencana_hasil_kerja": "baris 713, 719",
	"identifikasi_sifat_pekerjaan": "baris 714, 719",
	"identifikasi_teknis_pelaksanaan": "baris 715, 719",
}

test_gate_identifikasi_allowed_pky[field] if {
	some field, fragment in _pky_gates
	d := _decide("tim_kerja.set", _pky, [_pk], _resource("lintas_unit_organisasi", {}))
	_allowed_citing(d, "tim_kerja.gate_met", fragment)
}

test_gate_identifikasi_denied_pky[field] if {
	some field, fragment in _pky_gates
	d := _decide("tim_kerja.form", _pky, [_pk], _resource("lintas_unit_organisasi", {field: false}))
	_denied_citing(d, "tim_kerja.gate_unmet", fragment)
	some r in d.reasons
	contains(r.message, "penunjukan langsung individual")
}

# ---------------------------------------------------------------------------------------------------------
# Tim Verifikasi

test_verify_allowed_bdg if {
	d := _decide("tim_kerja.verify", _bdg, [_ktv], _resource("lintas_unit_organisasi", {}))
	_allowed_citing(d, "tim_kerja.authorized", "Pasal 10 ayat (4)")
	d.obligations.basis == ["perencanaan_kinerja", "analisa_kepegawaian", "ketersediaan_anggaran"]
}

test_verify_denied_bdg if {
	d := _decide("tim_kerja.verify", _bdg, [_kpd], _resource("lintas_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 10 ayat (4)")
}

_no_verification := {
	"smp": [_smp, "Pasal 15 (baris 180-189)"],
	"jpr": [_jpr, "Pasal 10 ayat (1)"],
	"tla": [_tla, "baris 468-474"],
	"pky": [_pky, "baris 711-719"],
	"nas": [_nas, "Sikerja:"],
}

test_verify_denied[name] if {
	some name, c in _no_verification
	d := _decide("tim_kerja.verify", c[0], [_ktv], _resource("dalam_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.verification_not_available", c[1])
}

# ---------------------------------------------------------------------------------------------------------
# Coordinating Pengawas may not form a team (SMP); elsewhere it may

test_pengawas_koordinator_form_denied_smp if {
	d := _decide("tim_kerja.form", _smp, [_puo, _pengawas_koordinator], _resource("dalam_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.pengawas_koordinator_cannot_form", "baris 458")
}

test_pengawas_koordinator_propose_denied_smp if {
	d := _decide("tim_kerja.propose", _smp, [_puo, _pengawas_koordinator], _resource("dalam_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.pengawas_koordinator_cannot_form", "tidak dapat membentuk Tim Kerja")
}

test_pengawas_koordinator_form_allowed_bdg if {
	d := _decide("tim_kerja.form", _bdg, [_kpd, _pengawas_koordinator], _resource("dalam_unit_organisasi", {}))
	d.allow
}

test_pengawas_koordinator_form_allowed_tla if {
	d := _decide("tim_kerja.form", _tla, [_puo, _pengawas_koordinator], _resource("dalam_unit_organisasi", {}))
	d.allow
}

# ---------------------------------------------------------------------------------------------------------
# Team kinds and squad caps (JPR)

_squad(existing, name) := object.union(_resource("dalam_unit_organisasi", {"kind": "squad"}), {"squads_in_owner": {"unit_organisasi": name, "existing": existing}})

test_squad_cap_allowed_jpr if {
	d := _decide("tim_kerja.form", _jpr, [_kpd], _squad(10, "dinas kesehatan"))
	_allowed_citing(d, "tim_kerja.squad_cap", "baris 861")
}

test_squad_cap_denied_jpr if {
	d := _decide("tim_kerja.set", _jpr, [_kpd], _squad(11, "Dinas Kesehatan"))
	_denied_citing(d, "tim_kerja.squad_cap_reached", "baris 861")
}

test_squad_cap_setda_denied_jpr if {
	d := _decide("tim_kerja.set", _jpr, [_kpd], _squad(27, "Sekretariat Daerah"))
	_denied_citing(d, "tim_kerja.squad_cap_reached", "baris 849")
}

test_squad_cap_not_listed_allowed_jpr if {
	d := _decide("tim_kerja.form", _jpr, [_kpd], _squad(40, "Kecamatan Tahunan"))
	_allowed_citing(d, "tim_kerja.squad_cap_not_listed", "baris 845-876")
}

test_squad_without_count_denied_jpr if {
	d := _decide("tim_kerja.form", _jpr, [_kpd], _resource("dalam_unit_organisasi", {"kind": "squad"}))
	_denied_citing(d, "tim_kerja.invalid_input", "Sikerja:")
	some r in d.reasons
	contains(r.message, "resource.squads_in_owner")
}

test_squad_lintas_pd_denied_jpr if {
	d := _decide("tim_kerja.form", _jpr, [_bupati], object.union(_squad(1, "Dinas Kesehatan"), {"team": _team("lintas_perangkat_daerah", {"kind": "squad"})}))
	_denied_citing(d, "tim_kerja.kind_not_allowed", "Pasal 1 angka 28")
}

test_tim_lintas_pd_allowed_jpr if {
	d := _decide("tim_kerja.form", _jpr, [_bupati], _resource("lintas_perangkat_daerah", {}))
	_allowed_citing(d, "tim_kerja.authorized", "baris 699")
}

test_squad_denied_smp if {
	d := _decide("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {"kind": "squad"}))
	_denied_citing(d, "tim_kerja.kind_not_allowed", "Sikerja:")
}

# ---------------------------------------------------------------------------------------------------------
# Members

test_add_member_lintas_unit_allowed_smp if {
	d := _decide("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-3", "place": _p_other_unit}})
	_allowed_citing(d, "tim_kerja.membership", "Pasal 14 ayat (3)")
	d.obligations.scope == "lintas_unit_organisasi"
	d.obligations.document.kind == "surat_perintah"
}

_membership_cases := {
	"smp": [_smp, _puo, "Pasal 14 ayat (3)"],
	"jpr": [_jpr, _kpd, "Pasal 10 ayat (2)"],
	"bdg": [_bdg, _kpd, "baris 618"],
	"tla": [_tla, _puo, "Pasal 16 ayat (1)"],
	"pky": [_pky, _pk, "Pasal 11 ayat (5)"],
	"nas": [_nas, _puo, "flexible, changeable, moveable"],
}

test_add_member_in_other_teams_allowed[name] if {
	some name, c in _membership_cases
	cand := {"id": "m-3", "place": _p_unit, "memberships": [{"team_id": "tim-8"}, {"team_id": "tim-9"}]}
	d := _decide("tim_kerja.add_member", c[0], [c[1]], {"team": _team("dalam_unit_organisasi", {}), "candidate": cand})
	_allowed_citing(d, "tim_kerja.membership", c[2])
}

test_add_member_twice_denied[name] if {
	some name, c in _membership_cases
	cand := {"id": "m-3", "place": _p_unit, "memberships": [{"team_id": "tim-1"}]}
	d := _decide("tim_kerja.add_member", c[0], [c[1]], {"team": _team("dalam_unit_organisasi", {}), "candidate": cand})
	_denied_citing(d, "tim_kerja.already_member", "Sikerja:")
}

test_add_member_listed_member_denied_smp if {
	d := _decide("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-2", "place": _p_unit}})
	_denied_citing(d, "tim_kerja.already_member", "Sikerja:")
}

test_add_member_caps_denied if {
	caps := {"multiple_teams": true, "max_teams_per_pegawai": 2, "max_members_per_team": 2, "source": "uji batas"}
	cand := {"id": "m-3", "place": _p_unit, "memberships": [{"team_id": "tim-8"}, {"team_id": "tim-9"}]}
	table := _recomputed_table with data.sikerja.profiles["perbup-sumenep-9-2024"].tim_kerja.membership as caps
	d := _decide("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {}), "candidate": cand})
		with data.sikerja.profiles["perbup-sumenep-9-2024"].tim_kerja.membership as caps
		with data.sikerja.tables.tim_kerja as table
	_denied_citing(d, "tim_kerja.membership_cap_reached", "uji batas")
	_cites(d, "tim_kerja.team_size_cap_reached", "uji batas")
}

test_add_member_under_caps_allowed if {
	caps := {"multiple_teams": true, "max_teams_per_pegawai": 3, "max_members_per_team": 3, "source": "uji batas"}
	cand := {"id": "m-3", "place": _p_unit, "memberships": [{"team_id": "tim-8"}]}
	table := _recomputed_table with data.sikerja.profiles["perbup-sumenep-9-2024"].tim_kerja.membership as caps
	d := _decide("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {}), "candidate": cand})
		with data.sikerja.profiles["perbup-sumenep-9-2024"].tim_kerja.membership as caps
		with data.sikerja.tables.tim_kerja as table
	not tim_kerja.answered_from_table with input as _in("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {}), "candidate": cand})
		with data.sikerja.profiles["perbup-sumenep-9-2024"].tim_kerja.membership as caps
		with data.sikerja.tables.tim_kerja as table
	_allowed_citing(d, "tim_kerja.membership", "uji batas")
}

test_add_member_by_setter_allowed_bdg if {
	d := _decide("tim_kerja.add_member", _bdg, [_sekda], {"team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-3", "place": _p_other_pd}})
	d.allow
	d.obligations.document.signers[0].as == "sekretaris_daerah"
}

test_add_member_by_pengawas_koordinator_denied_smp if {
	d := _decide("tim_kerja.add_member", _smp, [_puo, _pengawas_koordinator], {"team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-3", "place": _p_unit}})
	_denied_citing(d, "tim_kerja.pengawas_koordinator_cannot_form", "baris 458")
}

# ---------------------------------------------------------------------------------------------------------
# Closing

_closing_cases := {
	"smp": [_smp, _puo, _stranger, "Pasal 15 ayat (4)"],
	"jpr": [_jpr, _kpd, _puo, "baris 398"],
	"bdg": [_bdg, _kpd, _puo, "baris 444"],
	"tla": [_tla, _puo, _kpd, "baris 560"],
	"pky": [_pky, _pk, _puo, "baris 381"],
	"nas": [_nas, _kpd, _puo, "tahap evaluasi"],
}

test_close_allowed[name] if {
	some name, c in _closing_cases
	d := _decide("tim_kerja.close", c[0], [c[1]], {"team": _team("lintas_unit_organisasi", {})})
	_allowed_citing(d, "tim_kerja.authorized", c[3])
	d.obligations == {}
}

test_close_denied[name] if {
	some name, c in _closing_cases
	d := _decide("tim_kerja.close", c[0], [c[2]], {"team": _team("lintas_unit_organisasi", {})})
	_denied_citing(d, "tim_kerja.not_authorized", c[3])
}

# ---------------------------------------------------------------------------------------------------------
# Ketua Tim: who appoints, which jabatan, criteria, status, owning unit, Pengawas

_ketua_appointers := {
	"smp": [_smp, _puo, _stranger, "baris 476"],
	"jpr": [_jpr, _kpd, _puo, "Pasal 14 ayat (1)"],
	"bdg": [_bdg, _puo, _kpd, "baris 805"],
	"tla": [_tla, _puo, _kpd, "Pasal 21 ayat (1)"],
	"pky": [_pky, _penilai, _kpd, "Pasal 11 ayat (9)"],
	"nas": [_nas, _puo, _kpd, "Pejabat Level 2"],
}

test_ketua_appointer_allowed[name] if {
	some name, c in _ketua_appointers
	d := _ketua(c[0], [c[1]], "dalam_unit_organisasi", _jf_strong, {})
	_allowed_citing(d, "tim_kerja.authorized", c[3])
}

test_ketua_appointer_denied[name] if {
	some name, c in _ketua_appointers
	d := _ketua(c[0], [c[2]], "dalam_unit_organisasi", _jf_strong, {})
	_denied_citing(d, "tim_kerja.not_authorized", c[3])
}

_ketua_kinds := {
	"smp": [_smp, _puo, "Pasal 14 ayat (2)"],
	"jpr": [_jpr, _kpd, "Pasal 14 ayat (1)"],
	"bdg": [_bdg, _puo, "Pasal 11 ayat (3)"],
	"tla": [_tla, _puo, "Pasal 21 ayat (1) dan (3)"],
	"pky": [_pky, _pk, "Pasal 11 ayat (9)"],
	"nas": [_nas, _puo, "dapat dipimpin oleh Ketua Tim"],
}

test_ketua_kind_allowed[name] if {
	some name, c in _ketua_kinds
	d := _ketua(c[0], [c[1]], "dalam_unit_organisasi", _jf_strong, {})
	_allowed_citing(d, "tim_kerja.criteria_met", c[2])
}

test_ketua_kind_denied[name] if {
	some name, c in _ketua_kinds
	cand := _with(_jf_strong, {"jabatan": {"kind": "administrator"}})
	d := _ketua(c[0], [c[1]], "dalam_unit_organisasi", cand, {})
	_denied_citing(d, "tim_kerja.kind_not_eligible", c[2])
}

# SMP Pasal 16: any one criterion suffices.
_smp_items := {
	"pendidikan": [{"pendidikan": "D3", "jabatan": {"kind": "pelaksana", "kelas": 5}}, "Pasal 16 huruf a"],
	"kelas": [{"pendidikan": "SMA", "jabatan": {"kind": "pelaksana", "kelas": 6}}, "Pasal 16 huruf b"],
	"jenjang keahlian": [{"pendidikan": "SMA", "jabatan": {"kind": "fungsional", "jenjang": "ahli_muda"}}, "Pasal 16 huruf c"],
	"jenjang keterampilan": [{"pendidikan": "SMA", "jabatan": {"kind": "fungsional", "jenjang": "terampil"}}, "Pasal 16 huruf c"],
	"kinerja": [{"pendidikan": "SMA", "jabatan": {"kind": "pelaksana", "kelas": 5}, "kinerja": [{"year": 2023, "predikat": "sangat_baik"}]}, "Pasal 16 huruf d"],
	"pengawas": [{"pendidikan": "SMA", "jabatan": {"kind": "pengawas"}}, "Pasal 16 huruf e"],
}

test_ketua_criterion_allowed_smp[name] if {
	some name, c in _smp_items
	cand := object.union({"id": "m-1", "place": _p_unit, "status": "PNS", "kinerja": []}, c[0])
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", cand, {})
	_allowed_citing(d, "tim_kerja.criteria_met", c[1])
}

_smp_weak := {
	"pelaksana": {"pendidikan": "SMA", "jabatan": {"kind": "pelaksana", "kelas": 5}, "kinerja": [{"year": 2023, "predikat": "butuh_perbaikan"}]},
	"jf pertama": {"pendidikan": "SMA", "jabatan": {"kind": "fungsional", "jenjang": "ahli_pertama"}, "kinerja": [{"year": 2022, "predikat": "baik"}]},
	"jf pemula": {"pendidikan": "D2", "jabatan": {"kind": "fungsional", "jenjang": "pemula"}},
}

test_ketua_criteria_denied_smp[name] if {
	some name, c in _smp_weak
	cand := object.union({"id": "m-1", "place": _p_unit, "status": "PNS"}, c)
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", cand, {})
	_denied_citing(d, "tim_kerja.criteria_unmet", "Pasal 16 (baris 193)")
}

# BDG Pasal 11 ayat (6): every criterion is required.
_bdg_pelaksana := {
	"id": "m-1", "place": _p_unit, "status": "PNS", "pendidikan": "D3",
	"jabatan": {"kind": "pelaksana", "kelas": 6},
	"kinerja": [{"year": 2023, "predikat": "baik"}], "kompetensi_sesuai": true, "uji_kompetensi": true,
}

test_ketua_all_criteria_allowed_bdg if {
	d := _ketua(_bdg, [_puo], "dalam_unit_organisasi", _bdg_pelaksana, {})
	d.allow
	every fragment in ["huruf a (baris 206)", "huruf b (baris 207)", "huruf c (baris 208)", "huruf d (baris 209)", "baris 805"] {
		_cites(d, "tim_kerja.criteria_met", fragment)
	}
}

_bdg_missing := {
	"pendidikan": [{"pendidikan": "SMA"}, "huruf a (baris 206)"],
	"kompetensi": [{"kompetensi_sesuai": false}, "huruf b (baris 207)"],
	"kinerja": [{"kinerja": [{"year": 2023, "predikat": "butuh_perbaikan"}]}, "huruf c (baris 208)"],
	"kelas": [{"jabatan": {"kind": "pelaksana", "kelas": 5}}, "huruf d (baris 209)"],
	"uji kompetensi": [{"uji_kompetensi": false}, "baris 805"],
	"talent pool": [{"jabatan": {"kind": "fungsional", "jenjang": "ahli_pertama"}}, "baris 805"],
}

test_ketua_criterion_denied_bdg[name] if {
	some name, c in _bdg_missing
	d := _ketua(_bdg, [_puo], "dalam_unit_organisasi", _with(_bdg_pelaksana, c[0]), {})
	_denied_citing(d, "tim_kerja.criteria_unmet", c[1])
}

_keahlian_cases := {
	"jpr": [_jpr, _kpd, "Pasal 14 ayat (1) (baris 211)"],
	"tla": [_tla, _puo, "Pasal 21 ayat (1) (baris 263)"],
}

test_ketua_keahlian_allowed[name] if {
	some name, c in _keahlian_cases
	d := _ketua(c[0], [c[1]], "dalam_unit_organisasi", _jf_strong, {})
	_allowed_citing(d, "tim_kerja.criteria_met", c[2])
}

test_ketua_keahlian_denied[name] if {
	some name, c in _keahlian_cases
	d := _ketua(c[0], [c[1]], "dalam_unit_organisasi", _with(_jf_strong, {"kompetensi_sesuai": false}), {})
	_denied_citing(d, "tim_kerja.criteria_unmet", c[2])
}

test_ketua_without_criteria_allowed_pky if {
	cand := {"id": "m-1", "place": _p_unit, "status": "PPPK", "jabatan": {"kind": "pelaksana", "kelas": 3}}
	d := _ketua(_pky, [_pk], "dalam_unit_organisasi", cand, {})
	d.allow
}

test_ketua_pppk_denied_jpr if {
	d := _ketua(_jpr, [_kpd], "dalam_unit_organisasi", _with(_jf_strong, {"status": "PPPK"}), {})
	_denied_citing(d, "tim_kerja.ketua_status_excluded", "Pasal 14 ayat (5)")
}

test_ketua_pppk_rsud_allowed_jpr if {
	owner := object.union(_owner, {"pd_type": "rsud"})
	d := _ketua(_jpr, [_kpd], "dalam_unit_organisasi", _with(_jf_strong, {"status": "PPPK"}), {"owner": owner})
	_allowed_citing(d, "tim_kerja.ketua_status_exception", "Pasal 15 (baris 219)")
}

test_ketua_pppk_allowed_smp if {
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", _with(_jf_strong, {"status": "PPPK"}), {})
	d.allow
}

test_ketua_from_other_pd_denied_jpr if {
	d := _ketua(_jpr, [_kpd], "lintas_perangkat_daerah", _with(_jf_strong, {"place": _p_other_pd}), {})
	_denied_citing(d, "tim_kerja.ketua_not_from_owner", "Pasal 14 ayat (4)")
}

test_ketua_from_owner_pd_allowed_jpr if {
	d := _ketua(_jpr, [_kpd], "lintas_perangkat_daerah", _with(_jf_strong, {"place": _p_other_unit}), {})
	_allowed_citing(d, "tim_kerja.ketua_from_owner", "Pasal 14 ayat (4)")
}

_preferred := {
	"smp": [_smp, _puo, "Pasal 14 ayat (2)"],
	"bdg": [_bdg, _puo, "Pasal 11 ayat (5)"],
	"tla": [_tla, _puo, "Pasal 21 ayat (2)"],
	"pky": [_pky, _pk, "Pasal 11 ayat (9)"],
	"nas": [_nas, _puo, "diutamakan"],
}

test_ketua_from_owner_unit_allowed[name] if {
	some name, c in _preferred
	d := _ketua(c[0], [c[1]], "lintas_unit_organisasi", _jf_strong, {})
	_allowed_citing(d, "tim_kerja.ketua_from_owner", c[2])
}

test_ketua_from_other_unit_only_noted[name] if {
	some name, c in _preferred
	d := _ketua(c[0], [c[1]], "lintas_unit_organisasi", _with(_jf_strong, {"place": _p_other_unit}), {})
	_allowed_citing(d, "tim_kerja.ketua_owner_preferred", c[2])
}

test_ketua_pengawas_in_charge_allowed_tla if {
	cand := _with(_jf_strong, {"id": "p-1", "jabatan": {"kind": "pengawas"}})
	d := _ketua(_tla, [_puo], "dalam_unit_organisasi", cand, {"pengawas_in_charge": "p-1"})
	_allowed_citing(d, "tim_kerja.ketua_pengawas", "Pasal 21 ayat (3)")
}

test_ketua_other_than_pengawas_denied_tla if {
	d := _ketua(_tla, [_puo], "dalam_unit_organisasi", _jf_strong, {"pengawas_in_charge": "p-1"})
	_denied_citing(d, "tim_kerja.ketua_pengawas_required", "Pasal 21 ayat (3)")
}

test_ketua_squad_allowance_allowed_jpr if {
	cand := _with(_jf_strong, {"jabatan": {"kind": "pelaksana", "kelas": 8}})
	d := _ketua(_jpr, [_kpd], "dalam_unit_organisasi", cand, {"kind": "squad"})
	d.allow
	d.obligations.allowances[0].kind == "tambahan_penghasilan"
	contains(d.obligations.allowances[0].source, "Pasal 14 ayat (2)")
}

test_ketua_squad_allowance_not_due_jpr if {
	cand := _with(_jf_strong, {"jabatan": {"kind": "pelaksana", "kelas": 9}})
	d := _ketua(_jpr, [_kpd], "dalam_unit_organisasi", cand, {"kind": "squad"})
	d.allow
	d.obligations.allowances == []
}

# ---------------------------------------------------------------------------------------------------------
# Koordinator

_unit(pd_type) := {"instansi": "kab-x", "perangkat_daerah": "dinas-a", "unit": "bidang-1", "pd_type": pd_type}

_jpt := {"kind": "jpt_pratama"}

_koordinator(profile, offs, jabatan, unit, cand) := decide({
	"action": "tim_kerja.appoint_koordinator", "profile": profile,
	"actor": object.union(_actor(offs), {"jabatan": jabatan}),
	"resource": {"date": "2024-01-10", "unit": unit, "candidate": cand},
})

_bdg_koordinator := _with(_jf_strong, {"pendidikan": "S1"})

test_koordinator_allowed_bdg if {
	d := _koordinator(_bdg, [_puo, _penilai], _jpt, _unit("dpmptsp"), _bdg_koordinator)
	_allowed_citing(d, "tim_kerja.authorized", "Pasal 11 ayat (2)")
	_cites(d, "tim_kerja.criteria_met", "Pasal 11 ayat (7) huruf d")
	d.obligations == {}
}

test_koordinator_by_experience_allowed_bdg if {
	cand := _with(_bdg_koordinator, {"jabatan": {"kind": "fungsional", "jenjang": "ahli_pertama"}, "pengalaman_setara_pengawas": true})
	d := _koordinator(_bdg, [_puo, _penilai], _jpt, _unit("dinas"), cand)
	_allowed_citing(d, "tim_kerja.criteria_met", "Pasal 11 ayat (7) huruf d")
}

_bdg_koordinator_denials := {
	"pelaksana": [{"jabatan": {"kind": "pelaksana", "kelas": 9}}, "tim_kerja.kind_not_eligible", "Pasal 11 ayat (4)"],
	"d3": [{"pendidikan": "D3"}, "tim_kerja.criteria_unmet", "Pasal 11 ayat (7) huruf a"],
	"kompetensi": [{"kompetensi_sesuai": false}, "tim_kerja.criteria_unmet", "Pasal 11 ayat (7) huruf b"],
	"kinerja": [{"kinerja": []}, "tim_kerja.criteria_unmet", "Pasal 11 ayat (7) huruf c"],
	"jenjang": [{"jabatan": {"kind": "fungsional", "jenjang": "ahli_pertama"}}, "tim_kerja.criteria_unmet", "Pasal 11 ayat (7) huruf d"],
	"keterampilan": [{"jabatan": {"kind": "fungsional", "jenjang": "penyelia"}}, "tim_kerja.criteria_unmet", "Pasal 11 ayat (7) huruf d"],
}

test_koordinator_candidate_denied_bdg[name] if {
	some name, c in _bdg_koordinator_denials
	d := _koordinator(_bdg, [_puo, _penilai], _jpt, _unit("dpmptsp"), _with(_bdg_koordinator, c[0]))
	_denied_citing(d, c[1], c[2])
}

test_koordinator_by_administrator_denied_bdg if {
	d := _koordinator(_bdg, [_puo, _penilai], {"kind": "administrator"}, _unit("dpmptsp"), _bdg_koordinator)
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 11 ayat (2)")
}

test_koordinator_puo_not_penilai_denied_bdg if {
	d := _koordinator(_bdg, [_puo], _jpt, _unit("dpmptsp"), _bdg_koordinator)
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 11 ayat (2)")
}

test_koordinator_substansi_allowed_jpr if {
	cand := _with(_jf_strong, {"jabatan": {"kind": "fungsional", "jenjang": "ahli_madya"}})
	d := _koordinator(_jpr, [_kpd], _jpt, _unit("dpmptsp"), cand)
	_allowed_citing(d, "tim_kerja.criteria_met", "baris 603")
}

test_koordinator_substansi_ahli_muda_denied_jpr if {
	d := _koordinator(_jpr, [_kpd], _jpt, _unit("dpmptsp"), _jf_strong)
	_denied_citing(d, "tim_kerja.criteria_unmet", "baris 603")
}

test_koordinator_substansi_outside_dpmptsp_denied_jpr if {
	cand := _with(_jf_strong, {"jabatan": {"kind": "fungsional", "jenjang": "ahli_madya"}})
	d := _koordinator(_jpr, [_kpd], _jpt, _unit("dinas"), cand)
	_denied_citing(d, "tim_kerja.koordinator_unit_type", "baris 603")
}

test_koordinator_pelayanan_allowed_pky if {
	d := _koordinator(_pky, [_kpd], {"kind": "fungsional"}, _unit("puskesmas"), _with(_jf_strong, {"jabatan": {"kind": "pelaksana"}}))
	_allowed_citing(d, "tim_kerja.authorized", "baris 633")
}

test_koordinator_pelayanan_outside_puskesmas_denied_pky if {
	d := _koordinator(_pky, [_kpd], {"kind": "fungsional"}, _unit("dinas"), _jf_strong)
	_denied_citing(d, "tim_kerja.koordinator_unit_type", "baris 633")
}

_no_koordinator := {
	"smp": [_smp, "Pasal 32"],
	"tla": [_tla, "Pasal 28 ayat (1)-(2)"],
	"nas": [_nas, "Koordinator/Subkoordinator dihapus"],
}

test_koordinator_denied[name] if {
	some name, c in _no_koordinator
	d := _koordinator(c[0], [_puo, _kpd], _jpt, _unit("dpmptsp"), _jf_strong)
	_denied_citing(d, "tim_kerja.koordinator_not_available", c[1])
}

# ---------------------------------------------------------------------------------------------------------
# Worked examples (workflows.md §9)

# Example 4: Ketua Tim eligibility, SMP any-of versus BDG all-of.
_candidate_p := {"id": "m-1", "place": _p_unit, "status": "PNS", "pendidikan": "D3", "jabatan": {"kind": "pelaksana", "kelas": 5}, "kinerja": [{"year": 2023, "predikat": "baik"}], "kompetensi_sesuai": true, "uji_kompetensi": true}

_candidate_q := {"id": "m-1", "place": _p_unit, "status": "PNS", "pendidikan": "SMA", "jabatan": {"kind": "pelaksana", "kelas": 7}, "kinerja": [], "kompetensi_sesuai": true, "uji_kompetensi": true}

_candidate_r := {"id": "m-1", "place": _p_unit, "status": "PNS", "pendidikan": "SMA", "jabatan": {"kind": "pelaksana", "kelas": 5}, "kinerja": []}

test_example_4_candidate_p_allowed_smp if {
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", _candidate_p, {})
	_allowed_citing(d, "tim_kerja.criteria_met", "Pasal 16 huruf a")
}

test_example_4_candidate_p_denied_bdg if {
	d := _ketua(_bdg, [_puo], "dalam_unit_organisasi", _candidate_p, {})
	_denied_citing(d, "tim_kerja.criteria_unmet", "Pasal 11 ayat (6) huruf d")
}

test_example_4_candidate_q_allowed_smp if {
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", _candidate_q, {})
	_allowed_citing(d, "tim_kerja.criteria_met", "Pasal 16 huruf b")
}

test_example_4_candidate_q_denied_bdg if {
	d := _ketua(_bdg, [_puo], "dalam_unit_organisasi", _candidate_q, {})
	_denied_citing(d, "tim_kerja.criteria_unmet", "Pasal 11 ayat (6) huruf a")
	_cites(d, "tim_kerja.criteria_unmet", "Pasal 11 ayat (6) huruf c")
}

test_example_4_candidate_r_denied_smp if {
	d := _ketua(_smp, [_puo], "dalam_unit_organisasi", _candidate_r, {})
	_denied_citing(d, "tim_kerja.criteria_unmet", "Pasal 16 (baris 193)")
}

test_example_4_candidate_r_denied_bdg if {
	d := _ketua(_bdg, [_puo], "dalam_unit_organisasi", _candidate_r, {})
	_denied_citing(d, "tim_kerja.criteria_unmet", "Pasal 11 ayat (6) huruf d")
}

# Example 5: SMP formation authority, timing and closing.
test_example_5_kabid_sets_lintas_pd_team_denied_smp if {
	d := _decide("tim_kerja.set", _smp, [_puo], _resource("lintas_perangkat_daerah", {}))
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 15 ayat (2) huruf a")
}

test_example_5_pimpinan_pd_sets_lintas_pd_team_allowed_smp if {
	d := _decide("tim_kerja.set", _smp, [_kpd], _resource("lintas_perangkat_daerah", {}))
	_allowed_citing(d, "tim_kerja.authorized", "Pasal 15 ayat (2) huruf a")
	d.obligations.document.kind == "surat_perintah"
}

test_example_5_routine_team_in_march_denied_smp if {
	d := _decide("tim_kerja.set", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {}), {"date": "2024-03-12"}))
	_denied_citing(d, "tim_kerja.outside_window", "Pasal 15 ayat (3) huruf a")
}

test_example_5_incidental_and_changed_target_in_march_allowed_smp if {
	every purpose in ["insidental", "perubahan_target"] {
		d := _decide("tim_kerja.set", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {"purpose": purpose}), {"date": "2024-03-12"}))
		_allowed_citing(d, "tim_kerja.within_window", "Pasal 15 ayat (3) huruf b")
	}
}

test_example_5_closed_by_pimpinan_pd_or_puo_allowed_smp if {
	every actor in [_kpd, _puo] {
		d := _decide("tim_kerja.close", _smp, [actor], {"team": _team("lintas_unit_organisasi", {})})
		_allowed_citing(d, "tim_kerja.authorized", "Pasal 15 ayat (4)")
	}
}

test_example_5_closed_by_member_denied_smp if {
	d := _decide("tim_kerja.close", _smp, [], {"team": _team("lintas_unit_organisasi", {})})
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 15 ayat (4)")
}

# Example 6: BDG Tim Verifikasi before setting; Sekda signs lintas-PD team SPs.
test_example_6_propose_through_tim_verifikasi_allowed_bdg if {
	d := _decide("tim_kerja.propose", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"tim_verifikasi_rekomendasi": false}))
	_allowed_citing(d, "tim_kerja.authorized", "Pasal 10 ayat (2)")
	d.obligations.route.via[0].as == "ketua_tim_verifikasi"
}

test_example_6_verify_allowed_bdg if {
	d := _decide("tim_kerja.verify", _bdg, [_ktv], _resource("dalam_unit_organisasi", {"tim_verifikasi_rekomendasi": false}))
	d.allow
}

test_example_6_set_before_recommendation_denied_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"tim_verifikasi_rekomendasi": false}))
	_denied_citing(d, "tim_kerja.gate_unmet", "Pasal 10 ayat (3)")
}

test_example_6_set_after_recommendation_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {}))
	d.allow
	d.obligations.document.kind == "surat_perintah"
	d.obligations.document.signers[0].as == "kepala_perangkat_daerah"
}

test_example_6_lintas_pd_sp_by_kepala_pd_denied_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_kpd], _resource("lintas_perangkat_daerah", {}))
	_denied_citing(d, "tim_kerja.not_authorized", "Pasal 9 ayat (4)")
}

test_example_6_lintas_pd_sp_by_sekda_allowed_bdg if {
	d := _decide("tim_kerja.set", _bdg, [_sekda], _resource("lintas_perangkat_daerah", {}))
	_allowed_citing(d, "tim_kerja.authorized", "Pasal 9 ayat (4)")
	d.obligations.document.signers == [{"as": "sekretaris_daerah", "of": "kab-x", "title": "Sekretaris Daerah"}]
}

# ---------------------------------------------------------------------------------------------------------
# Bad input is a refusal, never an undefined decision

test_empty_input_denied if {
	d := decide({})
	not d.allow
	{r.code | some r in d.reasons} == {"tim_kerja.unknown_action", "tim_kerja.unknown_profile", "tim_kerja.invalid_input"}
	d.obligations == {}
}

test_unknown_action_denied if {
	d := _decide("tim_kerja.dissolve", _smp, [_puo], _resource("dalam_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.unknown_action", "Sikerja:")
}

test_unknown_profile_denied if {
	d := _decide("tim_kerja.form", "perbup-contoh-1-2030", [_puo], _resource("dalam_unit_organisasi", {}))
	_denied_citing(d, "tim_kerja.unknown_profile", "Sikerja:")
}

test_profile_without_section_denied if {
	table := _recomputed_table with data.sikerja.profiles["perbup-sumenep-9-2024"] as {"title": "tanpa tim_kerja"}
	d := _decide("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {}))
		with data.sikerja.profiles["perbup-sumenep-9-2024"] as {"title": "tanpa tim_kerja"}
		with data.sikerja.tables.tim_kerja as table
	_denied_citing(d, "tim_kerja.unknown_profile", "Sikerja:")
}

_bad_inputs := {
	"no actor": [{"action": "tim_kerja.form", "profile": _smp, "resource": _resource("dalam_unit_organisasi", {})}, "actor.id"],
	"officiates not a list": [{"action": "tim_kerja.form", "profile": _smp, "actor": {"id": "1", "officiates": "puo"}, "resource": _resource("dalam_unit_organisasi", {})}, "actor.officiates"],
	"no resource": [{"action": "tim_kerja.form", "profile": _smp, "actor": _actor([_puo])}, "resource.team"],
	"owner incomplete": [_in("tim_kerja.form", _smp, [_puo], {"date": "2024-01-10", "team": object.union(object.remove(_team("dalam_unit_organisasi", {}), ["owner"]), {"owner": {"instansi": "kab-x"}})}), "resource.team.owner"],
	"member without place": [_in("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {"members": [{"id": "m-1"}]})), "resource.team.members"],
	"kind not a string": [_in("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {"kind": 3})), "resource.team.kind"],
	"unknown purpose": [_in("tim_kerja.set", _smp, [_puo], _resource("dalam_unit_organisasi", {"purpose": "lain"})), "resource.team.purpose"],
	"bad date": [_in("tim_kerja.form", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {}), {"date": "10-01-2024"})), "resource.date"],
	"no team id": [_in("tim_kerja.add_member", _smp, [_puo], {"team": object.remove(_team("dalam_unit_organisasi", {}), ["id"]), "candidate": {"id": "m-3", "place": _p_unit}}), "resource.team.id"],
	"no candidate": [_in("tim_kerja.add_member", _smp, [_puo], {"team": _team("dalam_unit_organisasi", {})}), "resource.candidate"],
	"candidate without jabatan": [_in("tim_kerja.appoint_ketua", _smp, [_puo], {"date": "2024-01-10", "team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-1", "place": _p_unit, "status": "PNS"}}), "resource.candidate.jabatan.kind"],
	"candidate without status": [_in("tim_kerja.appoint_ketua", _smp, [_puo], {"date": "2024-01-10", "team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-1", "place": _p_unit, "jabatan": {"kind": "pelaksana"}}}), "resource.candidate.status"],
	"koordinator without unit": [_in("tim_kerja.appoint_koordinator", _bdg, [_puo], {"date": "2024-01-10", "candidate": _jf_strong}), "resource.unit"],
}

test_bad_input_denied[name] if {
	some name, c in _bad_inputs
	d := decide(c[0])
	_denied_citing(d, "tim_kerja.invalid_input", "Sikerja:")
	some r in d.reasons
	contains(r.message, c[1])
}

test_unknown_kind_denied_bdg if {
	d := _decide("tim_kerja.form", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"kind": "gugus_tugas"}))
	_denied_citing(d, "tim_kerja.kind_not_allowed", "Sikerja:")
}

test_decision_always_defined_for_every_action if {
	every action in tim_kerja.known_actions {
		d := decide({"action": action, "profile": _smp})
		not d.allow
		count(d.reasons) > 0
	}
}

# ---------------------------------------------------------------------------------------------------------
# The composition table (tables.rego): which inputs it answers, and that it answers them as the full rules do

test_every_table_row_answers_its_case_as_the_full_rules if {
	count(data.sikerja.tables.tim_kerja) == count(tim_kerja.table_rows)
	every key, entry in data.sikerja.tables.tim_kerja {
		parts := split(key, "/")
		case := tim_kerja.table_input(parts[0], parts[1], parts[2], parts[3], entry)
		tim_kerja.answered_from_table with input as case
		decide(case).allow
	}
}

test_table_answers_the_authority_cases if {
	every _, c in _authority_cases {
		tim_kerja.answered_from_table with input as _in(concat("", ["tim_kerja.", c[1]]), c[0], [c[3]], _resource(c[2], {}))
	}
}

test_table_answers_a_new_member_from_another_instansi_bdg if {
	inp := _in("tim_kerja.add_member", _bdg, [_sekda], {"team": _team("lintas_perangkat_daerah", {}), "candidate": {"id": "m-3", "place": _p_other_instansi}})
	tim_kerja.answered_from_table with input as inp
	d := decide(inp)
	_allowed_citing(d, "tim_kerja.membership", "Perwal Bandung")
	d.obligations.scope == "lintas_instansi"
}

test_table_answers_a_team_without_budget_year_smp if {
	inp := _in("tim_kerja.set", _smp, [_puo], _resource("dalam_unit_organisasi", {}))
	without := json.remove(inp, ["resource/team/tahun_anggaran"])
	tim_kerja.answered_from_table with input as without
	_allowed_citing(decide(without), "tim_kerja.within_window", "Pasal 15 ayat (3)")
}

# Everything the table does not hold, or an input its positive checks do not admit, takes the full rules.
_left_to_the_full_rules := {
	"appointing a Ketua Tim": _in("tim_kerja.appoint_ketua", _smp, [_puo], {"date": "2024-01-10", "team": _team("dalam_unit_organisasi", {}), "candidate": _jf_strong}),
	"a squad formed under its cap": _in("tim_kerja.form", _jpr, [_kpd], {
		"date": "2024-01-10", "team": _team("dalam_unit_organisasi", {"kind": "squad"}),
		"squads_in_owner": {"unit_organisasi": "Bidang Satu", "existing": 0},
	}),
	"an actor without the authority": _in("tim_kerja.set", _bdg, [_puo], _resource("dalam_unit_organisasi", {})),
	"a coordinating Pengawas forming": _in("tim_kerja.form", _smp, [_puo, _pengawas_koordinator], _resource("dalam_unit_organisasi", {})),
	"outside the window": _in("tim_kerja.set", _smp, [_puo], object.union(_resource("dalam_unit_organisasi", {}), {"date": "2024-03-10"})),
	"another budget year": _in("tim_kerja.set", _smp, [_puo], _resource("dalam_unit_organisasi", {"tahun_anggaran": 2025})),
	"after the perjanjian kinerja": _in("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"perjanjian_kinerja_ditetapkan_pada": "2024-01-05"})),
	"a gate unmet": _in("tim_kerja.set", _bdg, [_kpd], _resource("dalam_unit_organisasi", {"tim_verifikasi_rekomendasi": false})),
	"a member already in the team": _in("tim_kerja.add_member", _bdg, [_kpd], {"team": _team("dalam_unit_organisasi", {}), "candidate": {"id": "m-1", "place": _p_unit}}),
	"a member without a place": _in("tim_kerja.form", _smp, [_puo], _resource("dalam_unit_organisasi", {"members": [{"id": "m-1"}]})),
}

test_table_leaves_the_rest_to_the_full_rules[name] if {
	some name, inp in _left_to_the_full_rules
	not tim_kerja.answered_from_table with input as inp
	decide(inp)
}
