package sikerja.kinerja_test

import data.sikerja.kinerja

# Every decision the tests look at is also the one the full rules give: an assessment or SKP signature answered on
# the fast path (tables.rego) must not differ from full_decision, compared as the JSON the sidecar answers with.
decide(inp) := d if {
	d := kinerja.decision with input as inp
	json.marshal(d) == json.marshal(kinerja.full_decision) with input as inp
}

# ---------------------------------------------------------------------------------------------------------
# Builders. Every role's holder is "NIP-<role>"; the appraisee is "NIP-pegawai".

profiles := data.sikerja.profiles

smp := "perbup-sumenep-9-2024"

jpr := "perbup-jepara-17-2024"

bdg := "perwal-bandung-6-2023"

tla := "perbup-tanahlaut-26-2024"

pky := "perwal-palangkaraya-13-2024"

nas := "permenpanrb-7-2022"

holder(role) := sprintf("NIP-%v", [role])

party_roles := [
	"atasan_pejabat_penilai_kinerja", "pimpinan_unit_organisasi", "kepala_perangkat_daerah",
	"pengawas_koordinator", "kepala_daerah", "pimpinan_organisasi_atasan",
]

action_of := {
	"set_skp": "kinerja.set_skp",
	"sign_skp": "kinerja.sign_skp",
	"approve": "kinerja.approve",
	"assess": "kinerja.assess",
	"give_feedback": "kinerja.give_feedback",
	"set_predikat_organisasi": "kinerja.set_predikat_organisasi",
}

jabatan(kind) := {"kind": kind, "jenjang": "ahli_pertama"} if kind == "fungsional"

jabatan(kind) := {"kind": kind, "jenjang": null} if kind != "fungsional"

base_resource := {
	"date": "2025-01-15",
	"period": {"year": 2025},
	"appraisee": {"id": "NIP-pegawai", "jabatan": jabatan("fungsional")},
	"penilai_kinerja": "NIP-pejabat_penilai_kinerja",
	"parties": {r: holder(r) | some r in party_roles},
	"unit_head": {"id": "NIP-pimpinan_unit_organisasi", "jabatan": jabatan("administrator")},
	"team": {"id": "tim-1", "ketua_tim": "NIP-ketua_tim", "anggota": ["NIP-ketua_tim", "NIP-pegawai"]},
	"facts": {"koordinasi_dengan_penilai": true, "dialog_kinerja": true},
	"rating": {"hasil_kerja": "sesuai_ekspektasi", "perilaku_kerja": "di_atas_ekspektasi"},
	"organisation": {"unit": "bidang-a", "predikat": "baik"},
}

same_jenjang_patch := [
	{"op": "replace", "path": "/resource/appraisee/jabatan", "value": {"kind": "fungsional", "jenjang": "ahli_muda"}},
	{"op": "replace", "path": "/resource/unit_head/jabatan", "value": {"kind": "fungsional", "jenjang": "ahli_muda"}},
]

appraisee_kind(a) := a.appraisee.kinds[0] if a.appraisee

appraisee_kind(a) := "fungsional" if not a.appraisee

# The input in which `actor` acts under authority `a` of `section` in profile `id`.
authority_input(id, section, a, actor) := json.patch(
	{
		"action": action_of[section],
		"profile": id,
		"actor": {"id": actor},
		"resource": json.patch(base_resource, [
			{"op": "replace", "path": "/appraisee/jabatan", "value": jabatan(appraisee_kind(a))},
			{"op": "add", "path": "/feedback", "value": feedback_for(a)},
		]),
	},
	patches_for(a),
)

feedback_for(a) := {"kind": a.kind, "recipients": [holder(g.any_of[0]) | some g in a.recipients]} if a.kind

feedback_for(a) := {} if not a.kind

patches_for(a) := same_jenjang_patch if a.when.same_jenjang_as_unit_head == true

patches_for(a) := [] if not a.when.same_jenjang_as_unit_head

codes(d) := {r.code | some r in d.reasons}

has_reason(d, code, source) if {
	some r in d.reasons
	r.code == code
	r.source == source
}

cites(d, fragment) if {
	some r in d.reasons
	contains(r.source, fragment)
}

authority_sections := ["set_skp", "sign_skp", "approve", "assess", "give_feedback", "set_predikat_organisasi"]

# ---------------------------------------------------------------------------------------------------------
# Every authority of every profile: its holder is allowed (citing it), anyone else is refused (citing it).

test_every_authority_allowed if {
	every id, p in profiles {
		every section in authority_sections {
			every a in p.kinerja[section].authorities {
				d := decide(authority_input(id, section, a, holder(a.role)))
				d.allow
				has_reason(d, sprintf("kinerja.%v_allowed", [section]), a.source)
			}
		}
	}
}

test_every_authority_denied if {
	every id, p in profiles {
		every section in authority_sections {
			every a in p.kinerja[section].authorities {
				d := decide(authority_input(id, section, a, "NIP-orang-lain"))
				not d.allow
				has_reason(d, "kinerja.not_authorised", a.source)
			}
		}
	}
}

requiring := [[id, section, a] |
	some id, p in profiles
	some section in authority_sections
	some a in p.kinerja[section].authorities
	count(object.get(a, "requires", [])) > 0
]

test_every_requirement_denied if {
	count(requiring) == 4
	every case in requiring {
		[id, section, a] := case
		inp := json.patch(authority_input(id, section, a, holder(a.role)), [{"op": "replace", "path": "/resource/facts", "value": {}}])
		d := decide(inp)
		not d.allow
		has_reason(d, "kinerja.requirement_missing", a.source)
	}
}

exclusions := [[id, x] | some id, p in profiles; some x in p.kinerja.assess.exclusions]

exclusion_input(id, x) := json.patch(
	{"action": "kinerja.assess", "profile": id, "actor": {"id": holder(x.role)}, "resource": base_resource},
	[{"op": "replace", "path": "/resource/penilai_kinerja", "value": holder(x.role)}],
)

test_every_exclusion_denied if {
	count(exclusions) == 1
	every case in exclusions {
		[id, x] := case
		d := decide(json.patch(exclusion_input(id, x), same_jenjang_patch))
		not d.allow
		has_reason(d, "kinerja.same_jenjang_excluded", x.source)
	}
}

test_every_exclusion_allowed_when_it_does_not_apply if {
	every case in exclusions {
		[id, x] := case
		d := decide(exclusion_input(id, x))
		d.allow
	}
}

test_every_rating_forbidden_rule_denied if {
	every id, p in profiles {
		assess := {"action": "kinerja.assess", "profile": id, "actor": {"id": "NIP-ketua_tim"}, "resource": base_resource}
		d1 := decide(assess)
		not d1.allow
		has_reason(d1, "kinerja.ketua_tim_gives_input_only", p.kinerja.give_feedback.rating_forbidden.source)

		a := p.kinerja.give_feedback.authorities[0]
		inp := json.patch(authority_input(id, "give_feedback", a, holder(a.role)), [{"op": "add", "path": "/resource/feedback/rating", "value": "di_atas_ekspektasi"}])
		d2 := decide(inp)
		not d2.allow
		has_reason(d2, "kinerja.feedback_contains_rating", p.kinerja.give_feedback.rating_forbidden.source)
	}
}

test_every_feedback_recipient_rule_denied if {
	every id, p in profiles {
		every a in p.kinerja.give_feedback.authorities {
			inp := json.patch(authority_input(id, "give_feedback", a, holder(a.role)), [{"op": "replace", "path": "/resource/feedback/recipients", "value": ["NIP-orang-lain"]}])
			d := decide(inp)
			not d.allow
			has_reason(d, "kinerja.recipient_not_allowed", a.source)
			has_reason(d, "kinerja.recipient_missing", a.source)
		}
	}
}

keberatan_input(id, actor, received, filed) := {
	"action": "kinerja.file_keberatan",
	"profile": id,
	"actor": {"id": actor},
	"resource": json.patch(base_resource, [
		{"op": "replace", "path": "/date", "value": filed},
		{"op": "add", "path": "/keberatan", "value": {"evaluation_received_on": received, "alasan": "Bukti dukung triwulan IV belum dipertimbangkan"}},
	]),
}

test_every_keberatan_filing_rule_allowed if {
	every id, p in profiles {
		d := decide(keberatan_input(id, "NIP-pegawai", "2025-01-10", "2025-01-24"))
		d.allow
		has_reason(d, "kinerja.keberatan_filed", p.kinerja.keberatan.file.source)
		d.obligations.decided_by == {"role": "atasan_pejabat_penilai_kinerja", "id": "NIP-atasan_pejabat_penilai_kinerja"}
	}
}

test_every_keberatan_filing_rule_denied if {
	every id, p in profiles {
		d := decide(keberatan_input(id, "NIP-pegawai", "2025-01-10", "2025-01-25"))
		not d.allow
		has_reason(d, "kinerja.keberatan_late", p.kinerja.keberatan.file.source)
	}
}

decide_input(id, actor) := {"action": "kinerja.decide_keberatan", "profile": id, "actor": {"id": actor}, "resource": base_resource}

test_every_keberatan_decision_rule_allowed if {
	every id, p in profiles {
		d := decide(decide_input(id, "NIP-atasan_pejabat_penilai_kinerja"))
		d.allow
		has_reason(d, "kinerja.keberatan_decided", p.kinerja.keberatan.decide.source)
		d.obligations.final
	}
}

test_every_keberatan_decision_rule_denied if {
	every id, p in profiles {
		d := decide(decide_input(id, "NIP-pejabat_penilai_kinerja"))
		not d.allow
		has_reason(d, "kinerja.not_authorised", p.kinerja.keberatan.decide.source)
		has_reason(d, "kinerja.penilai_decides_own_evaluation", p.kinerja.keberatan.decide.source)
	}
}

# ---------------------------------------------------------------------------------------------------------
# Regional differences and national defaults, with the source each rests on.

set_skp_input(id, actor) := {"action": "kinerja.set_skp", "profile": id, "actor": {"id": actor}, "resource": base_resource}

test_penilai_sets_skp_allowed_nas if {
	d := decide(set_skp_input(nas, "NIP-pejabat_penilai_kinerja"))
	d.allow
	cites(d, "PermenPANRB 6/2022 Pasal 14")
	d.obligations.deadline == "2025-01-31"
	d.obligations.after_deadline == false
	d.obligations.signatures_required == [
		{"role": "pegawai", "id": "NIP-pegawai"},
		{"role": "pejabat_penilai_kinerja", "id": "NIP-pejabat_penilai_kinerja"},
	]
}

test_late_skp_is_flagged_not_refused_nas if {
	d := decide(json.patch(set_skp_input(nas, "NIP-pejabat_penilai_kinerja"), [{"op": "replace", "path": "/resource/date", "value": "2025-02-10"}]))
	d.allow
	d.obligations.after_deadline
	contains(d.obligations.deadline_source, "PermenPANRB 8/2021")
}

test_kepala_pd_sets_skp_allowed_pky if {
	d := decide(set_skp_input(pky, "NIP-kepala_perangkat_daerah"))
	d.allow
	cites(d, "Perwal Palangka Raya 13/2024 Lampiran II II.B angka 2 huruf a (baris 825)")
}

test_kepala_pd_sets_skp_denied_smp if {
	d := decide(set_skp_input(smp, "NIP-kepala_perangkat_daerah"))
	not d.allow
	"kinerja.not_authorised" in codes(d)
	cites(d, "Perbup Sumenep 9/2024 Pasal 24 ayat (2) (baris 310)")
}

test_pemilik_kinerja_sets_skp_allowed_jpr if {
	d := decide(set_skp_input(jpr, "NIP-pimpinan_unit_organisasi"))
	d.allow
	cites(d, "Perbup Jepara 17/2024 Pasal 7 ayat (1) dan (3) (baris 151, 153)")
}

test_pimpinan_unit_organisasi_sets_skp_denied_bdg if {
	d := decide(set_skp_input(bdg, "NIP-pimpinan_unit_organisasi"))
	not d.allow
	cites(d, "Perwal Bandung 6/2023 Pasal 18 ayat (2)-(3) (baris 302-303)")
}

test_pengawas_sets_skp_after_coordination_allowed_smp if {
	d := decide(set_skp_input(smp, "NIP-pengawas_koordinator"))
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola II B(2) huruf d (baris 526)")
	d.obligations.coordinate_with == ["NIP-pejabat_penilai_kinerja"]
}

test_pengawas_sets_skp_without_coordination_denied_smp if {
	inp := json.patch(set_skp_input(smp, "NIP-pengawas_koordinator"), [{"op": "replace", "path": "/resource/facts", "value": {"koordinasi_dengan_penilai": false}}])
	d := decide(inp)
	not d.allow
	codes(d) == {"kinerja.requirement_missing"}
	cites(d, "baris 526")
}

test_pengawas_sets_skp_denied_bdg if {
	d := decide(set_skp_input(bdg, "NIP-pengawas_koordinator"))
	not d.allow
}

test_skp_without_dialog_kinerja_denied_tla if {
	inp := json.patch(set_skp_input(tla, "NIP-pejabat_penilai_kinerja"), [{"op": "replace", "path": "/resource/facts", "value": {}}])
	d := decide(inp)
	not d.allow
	cites(d, "Perbup Tanah Laut 26/2024 Pasal 24 ayat (2) (baris 296)")
	some r in d.reasons
	contains(r.message, "dialog kinerja")
}

test_pegawai_signs_skp_allowed_bdg if {
	d := decide({"action": "kinerja.sign_skp", "profile": bdg, "actor": {"id": "NIP-pegawai"}, "resource": base_resource})
	d.allow
	cites(d, "PermenPANRB 6/2022 Pasal 14")
}

test_kepala_daerah_approves_jpt_skp_allowed_pky if {
	inp := {"action": "kinerja.approve", "profile": pky, "actor": {"id": "NIP-kepala_daerah"}, "resource": json.patch(base_resource, [{"op": "replace", "path": "/appraisee/jabatan", "value": jabatan("jpt_pratama")}])}
	d := decide(inp)
	d.allow
	cites(d, "PermenPANRB 8/2021")
}

test_penilai_approves_jpt_skp_denied_pky if {
	inp := {"action": "kinerja.approve", "profile": pky, "actor": {"id": "NIP-pejabat_penilai_kinerja"}, "resource": json.patch(base_resource, [{"op": "replace", "path": "/appraisee/jabatan", "value": jabatan("jpt_pratama")}])}
	d := decide(inp)
	not d.allow
	cites(d, "Kepala Daerah")
}

assess_input(id, actor, hasil, perilaku) := {
	"action": "kinerja.assess", "profile": id, "actor": {"id": actor},
	"resource": json.patch(base_resource, [{"op": "replace", "path": "/rating", "value": {"hasil_kerja": hasil, "perilaku_kerja": perilaku}}]),
}

test_penilai_rates_and_gets_predikat_allowed_smp if {
	d := decide(assess_input(smp, "NIP-pejabat_penilai_kinerja", "di_bawah_ekspektasi", "di_bawah_ekspektasi"))
	d.allow
	d.obligations.predikat == "sangat_kurang"
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola II B(2) huruf b (baris 524)")
	some i in d.obligations.inputs_to_consider
	i.kind == "rekomendasi_penilaian"
	contains(i.source, "baris 527")
}

test_predikat_matrix_nas if {
	d := decide(assess_input(nas, "NIP-pejabat_penilai_kinerja", "di_atas_ekspektasi", "di_bawah_ekspektasi"))
	d.obligations.predikat == "kurang"
	d2 := decide(assess_input(nas, "NIP-pejabat_penilai_kinerja", "di_bawah_ekspektasi", "sesuai_ekspektasi"))
	d2.obligations.predikat == "butuh_perbaikan"
}

test_puo_who_is_not_penilai_rates_denied_smp if {
	d := decide(assess_input(smp, "NIP-pimpinan_unit_organisasi", "sesuai_ekspektasi", "sesuai_ekspektasi"))
	not d.allow
	"kinerja.not_authorised" in codes(d)
}

# Sumenep pola IX: the Kepala Puskesmas (JF ahli muda) does not rate a JF ahli muda; the Pimpinan Perangkat Daerah
# does, or an Administrator the Pimpinan Perangkat Daerah delegated penilaian to.
puskesmas_case(actor, delegations, date) := {
	"action": "kinerja.assess", "profile": smp, "actor": {"id": actor},
	"resource": json.patch(base_resource, [
		{"op": "replace", "path": "/date", "value": date},
		{"op": "replace", "path": "/penilai_kinerja", "value": "NIP-kepala-dinkes"},
		{"op": "replace", "path": "/appraisee/jabatan", "value": {"kind": "fungsional", "jenjang": "ahli_muda"}},
		{"op": "replace", "path": "/unit_head", "value": {"id": "NIP-kepala-puskesmas", "jabatan": {"kind": "fungsional", "jenjang": "ahli_muda"}}},
		{"op": "remove", "path": "/parties/pimpinan_unit_organisasi"},
		{"op": "add", "path": "/delegations", "value": delegations},
	]),
}

delegation_to_admin(scope, end) := [{"from": "NIP-kepala-dinkes", "to": "NIP-admin-dinkes", "scope": scope, "start": "2025-01-01", "end": end}]

test_same_jenjang_head_rates_denied_smp if {
	d := decide(puskesmas_case("NIP-kepala-puskesmas", [], "2025-12-15"))
	not d.allow
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola IX B(2) huruf d (baris 1057)")
}

test_same_jenjang_pimpinan_pd_rates_allowed_smp if {
	d := decide(puskesmas_case("NIP-kepala-dinkes", [], "2025-12-15"))
	d.allow
	d.obligations.granted_as == [{"authority": "penilai-kinerja", "as": "langsung"}]
}

test_same_jenjang_delegated_administrator_rates_allowed_smp if {
	d := decide(puskesmas_case("NIP-admin-dinkes", delegation_to_admin("penilaian", null), "2025-12-15"))
	d.allow
	d.obligations.granted_as == [{"authority": "penilai-kinerja", "as": "pendelegasian"}]
	some r in d.reasons
	contains(r.message, "pendelegasian kewenangan")
}

test_expired_delegation_denied_smp if {
	d := decide(puskesmas_case("NIP-admin-dinkes", delegation_to_admin("penilaian", "2025-06-30"), "2025-12-15"))
	not d.allow
	"kinerja.not_authorised" in codes(d)
}

test_delegation_not_yet_in_force_denied_smp if {
	d := decide(puskesmas_case("NIP-admin-dinkes", delegation_to_admin("penilaian", null), "2024-12-15"))
	not d.allow
}

test_delegation_of_another_scope_denied_smp if {
	d := decide(puskesmas_case("NIP-admin-dinkes", delegation_to_admin("penugasan", null), "2025-12-15"))
	not d.allow
}

test_same_jenjang_head_sets_skp_allowed_smp if {
	inp := json.patch(puskesmas_case("NIP-kepala-puskesmas", [], "2025-01-20"), [{"op": "replace", "path": "/action", "value": "kinerja.set_skp"}])
	d := decide(inp)
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola IX B(2) huruf f (baris 1059)")
	d.obligations.coordinate_with == ["NIP-kepala-dinkes"]
}

test_same_jenjang_head_recommends_allowed_smp if {
	inp := json.patch(puskesmas_case("NIP-kepala-puskesmas", [], "2025-12-01"), [
		{"op": "replace", "path": "/action", "value": "kinerja.give_feedback"},
		{"op": "add", "path": "/resource/feedback", "value": {"kind": "rekomendasi_penilaian", "recipients": ["NIP-kepala-dinkes"]}},
	])
	d := decide(inp)
	d.allow
	cites(d, "baris 1060")
}

test_same_jenjang_head_recommends_denied_jpr if {
	inp := json.patch(puskesmas_case("NIP-kepala-puskesmas", [], "2025-12-01"), [
		{"op": "replace", "path": "/action", "value": "kinerja.give_feedback"},
		{"op": "replace", "path": "/profile", "value": jpr},
		{"op": "add", "path": "/resource/feedback", "value": {"kind": "rekomendasi_penilaian", "recipients": ["NIP-kepala-dinkes"]}},
	])
	d := decide(inp)
	not d.allow
	codes(d) == {"kinerja.no_rule"}
}

test_plt_pimpinan_unit_organisasi_sets_skp_allowed_jpr if {
	inp := json.patch(set_skp_input(jpr, "NIP-plt"), [
		{"op": "add", "path": "/actor/officiates", "value": [{"as": "puo", "of": "bidang-a"}]},
		{"op": "add", "path": "/resource/party_units", "value": {"pimpinan_unit_organisasi": "bidang-a"}},
	])
	d := decide(inp)
	d.allow
	d.obligations.granted_as == [{"authority": "pemilik-kinerja", "as": "pelaksana_tugas"}]
}

feedback_input(id, recipients) := {
	"action": "kinerja.give_feedback", "profile": id, "actor": {"id": "NIP-ketua_tim"},
	"resource": json.patch(base_resource, [{"op": "add", "path": "/feedback", "value": {"kind": "umpan_balik", "recipients": recipients}}]),
}

test_ketua_feedback_to_penilai_only_allowed_smp if {
	d := decide(feedback_input(smp, ["NIP-pejabat_penilai_kinerja"]))
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Pasal 23 ayat (4) huruf e (baris 294)")
	d.obligations.recipients == [{"id": "NIP-pejabat_penilai_kinerja", "roles": ["pejabat_penilai_kinerja"]}]
}

test_ketua_feedback_to_penilai_only_denied_jpr if {
	d := decide(feedback_input(jpr, ["NIP-pejabat_penilai_kinerja"]))
	not d.allow
	codes(d) == {"kinerja.recipient_missing"}
	cites(d, "Perbup Jepara 17/2024 Lampiran peran Ketua Tim Kerja angka 5 (baris 836)")
}

test_ketua_feedback_to_penilai_and_kepala_pd_allowed_pky if {
	d := decide(feedback_input(pky, ["NIP-pejabat_penilai_kinerja", "NIP-kepala_perangkat_daerah"]))
	d.allow
	cites(d, "Perwal Palangka Raya 13/2024 Lampiran II II.B angka 4 huruf e (baris 842)")
}

test_ketua_feedback_on_a_non_member_denied_tla if {
	inp := json.patch(feedback_input(tla, ["NIP-pejabat_penilai_kinerja", "NIP-pimpinan_unit_organisasi"]), [{"op": "replace", "path": "/resource/team/anggota", "value": ["NIP-ketua_tim"]}])
	d := decide(inp)
	not d.allow
	codes(d) == {"kinerja.no_rule"}
}

test_ketua_tim_rates_denied_bdg if {
	d := decide(assess_input(bdg, "NIP-ketua_tim", "di_atas_ekspektasi", "di_atas_ekspektasi"))
	not d.allow
	"kinerja.ketua_tim_gives_input_only" in codes(d)
	cites(d, "Perwal Bandung 6/2023 Pasal 15 ayat (4) huruf d-e (baris 270-271)")
}

test_predikat_organisasi_set_by_the_leader_above_allowed_tla if {
	inp := {"action": "kinerja.set_predikat_organisasi", "profile": tla, "actor": {"id": "NIP-pimpinan_organisasi_atasan"}, "resource": {"date": "2025-12-31", "parties": {"pimpinan_organisasi_atasan": "NIP-pimpinan_organisasi_atasan"}, "organisation": {"unit": "bidang-a", "predikat": "butuh_perbaikan"}}}
	d := decide(inp)
	d.allow
	cites(d, "postingnews")
	{"predikat": "butuh_perbaikan", "min_percent": 60} in d.obligations.pola_distribusi
	some r in d.reasons
	contains(r.message, "unit bidang-a")
}

test_keberatan_filed_by_someone_else_denied_jpr if {
	d := decide(keberatan_input(jpr, "NIP-pejabat_penilai_kinerja", "2025-01-10", "2025-01-12"))
	not d.allow
	"kinerja.not_the_appraisee" in codes(d)
}

test_keberatan_before_evaluation_denied_bdg if {
	d := decide(keberatan_input(bdg, "NIP-pegawai", "2025-01-10", "2025-01-05"))
	not d.allow
	"kinerja.keberatan_before_evaluation" in codes(d)
}

test_keberatan_without_alasan_denied_pky if {
	inp := json.patch(keberatan_input(pky, "NIP-pegawai", "2025-01-10", "2025-01-12"), [{"op": "replace", "path": "/resource/keberatan/alasan", "value": " "}])
	d := decide(inp)
	not d.allow
	"kinerja.keberatan_without_alasan" in codes(d)
	cites(d, "PP 30/2019 Pasal 59")
}

# ---------------------------------------------------------------------------------------------------------
# Bad input is a refusal with a reason, never undefined.

test_empty_input_denied if {
	d := decide({})
	not d.allow
	codes(d) == {"kinerja.unknown_action"}
	d.obligations == {}
}

test_non_object_input_denied if {
	d := decide("kinerja.assess")
	not d.allow
	codes(d) == {"kinerja.unknown_action"}
}

test_unknown_action_denied if {
	d := decide({"action": "kinerja.delete_skp", "profile": smp, "actor": {"id": "x"}, "resource": base_resource})
	not d.allow
	codes(d) == {"kinerja.unknown_action"}
}

test_unknown_profile_denied if {
	d := decide(set_skp_input("perbup-entah-1-2099", "NIP-pejabat_penilai_kinerja"))
	not d.allow
	codes(d) == {"kinerja.unknown_profile"}
}

test_incomplete_assess_denied if {
	inp := {"action": "kinerja.assess", "profile": smp, "actor": {}, "resource": {"appraisee": {}, "rating": {"hasil_kerja": "luar_biasa"}, "delegations": [{"from": "a"}]}}
	d := decide(inp)
	not d.allow
	codes(d) == {"kinerja.invalid_input"}
	some r in d.reasons
	every field in ["actor.id", "resource.date", "resource.appraisee.id", "resource.appraisee.jabatan.kind", "resource.penilai_kinerja", "resource.rating", "resource.delegations"] {
		contains(r.message, field)
	}
}

test_incomplete_feedback_predikat_and_keberatan_denied if {
	fb := {"action": "kinerja.give_feedback", "profile": smp, "actor": {"id": "a"}, "resource": {"date": "2025-01-01", "feedback": {"kind": "nilai"}}}
	d1 := decide(fb)
	some r1 in d1.reasons
	contains(r1.message, "resource.feedback.kind")
	contains(r1.message, "resource.feedback.recipients")

	org := {"action": "kinerja.set_predikat_organisasi", "profile": smp, "actor": {"id": "a"}, "resource": {"date": "2025-01-01", "organisation": {"predikat": "hebat"}}}
	d2 := decide(org)
	some r2 in d2.reasons
	contains(r2.message, "resource.organisation.predikat")
	contains(r2.message, "resource.organisation.unit")

	kb := {"action": "kinerja.file_keberatan", "profile": smp, "actor": {"id": "a"}, "resource": {"date": "2025-01-01"}}
	d3 := decide(kb)
	some r3 in d3.reasons
	contains(r3.message, "resource.keberatan.evaluation_received_on")
	contains(r3.message, "resource.parties.atasan_pejabat_penilai_kinerja")
}

test_non_object_resource_denied if {
	d := decide({"action": "kinerja.sign_skp", "profile": smp, "actor": {"id": "a"}, "resource": []})
	not d.allow
	some r in d.reasons
	r.code == "kinerja.invalid_input"
	contains(r.message, "resource,")
}

test_feedback_carrying_a_predikat_denied_smp if {
	inp := json.patch(feedback_input(smp, ["NIP-pejabat_penilai_kinerja"]), [{"op": "add", "path": "/resource/feedback/predikat", "value": "baik"}])
	d := decide(inp)
	not d.allow
	"kinerja.feedback_contains_rating" in codes(d)
}

# ---------------------------------------------------------------------------------------------------------
# The authority table (tables.rego): which inputs it answers. decide() compares every answer with the full rules.

assess_by_penilai(id) := authority_input(id, "assess", profiles[id].kinerja.assess.authorities[0], holder("pejabat_penilai_kinerja"))

test_an_assessment_or_signature_by_its_holder_is_answered_from_the_table if {
	every id, p in profiles {
		every section in ["assess", "sign_skp"] {
			every a in p.kinerja[section].authorities {
				inp := authority_input(id, section, a, holder(a.role))
				kinerja.answered_from_table with input as inp
				decide(inp).allow
			}
		}
	}
}

test_a_pelaksana_tugas_takes_the_full_rules if {
	inp := json.patch(assess_by_penilai(smp), [
		{"op": "replace", "path": "/actor", "value": {"id": "NIP-plt", "officiates": [{"as": "pejabat_penilai_kinerja", "of": "unit-penilai"}]}},
		{"op": "add", "path": "/resource/party_units", "value": {"pejabat_penilai_kinerja": "unit-penilai"}},
	])
	not kinerja.answered_from_table with input as inp
	d := decide(inp)
	d.allow
	some r in d.reasons
	contains(r.message, "sebagai pelaksana tugas")
}

test_an_assessment_under_a_delegation_takes_the_full_rules if {
	inp := json.patch(assess_by_penilai(smp), [
		{"op": "replace", "path": "/actor/id", "value": "NIP-delegate"},
		{"op": "add", "path": "/resource/delegations", "value": [{
			"from": "NIP-pejabat_penilai_kinerja", "to": "NIP-delegate",
			"scope": "penilaian", "start": "2025-01-01",
		}]},
	])
	not kinerja.answered_from_table with input as inp
	d := decide(inp)
	d.allow
	some r in d.reasons
	contains(r.message, "pendelegasian")
}

test_a_same_jenjang_exclusion_takes_the_full_rules if {
	inp := json.patch(assess_by_penilai(smp), array.concat(same_jenjang_patch, [
		{"op": "replace", "path": "/actor/id", "value": "NIP-pimpinan_unit_organisasi"},
		{"op": "replace", "path": "/resource/penilai_kinerja", "value": "NIP-pimpinan_unit_organisasi"},
	]))
	not kinerja.answered_from_table with input as inp
	d := decide(inp)
	not d.allow
	"kinerja.same_jenjang_excluded" in codes(d)
}

test_an_incomplete_assessment_takes_the_full_rules if {
	inp := json.remove(assess_by_penilai(smp), ["resource/penilai_kinerja"])
	not kinerja.answered_from_table with input as inp
	d := decide(inp)
	not d.allow
	"kinerja.invalid_input" in codes(d)
}

# The rows the generator computes are the committed rows: assess and sign_skp in every profile (their authorities
# hold without conditions in all six), each allowed by the full rules for its holders.
test_authority_table_rows_are_the_committed_rows if {
	rows := kinerja.table_rows
	count(rows) == 12
	count(rows) == count(data.sikerja.tables.kinerja)
	every row in rows {
		row.allowed
		json.marshal(data.sikerja.tables.kinerja[row.key]) == json.marshal(row.entry)
	}
}

test_an_action_with_a_conditional_authority_has_no_row if {
	every id, _ in profiles {
		not data.sikerja.tables.kinerja[concat("/", [id, "kinerja.approve"])]
	}
	some a in profiles[jpr].kinerja.approve.authorities
	a.appraisee
}
