package sikerja.pelaksanaan_test

import data.sikerja.pelaksanaan

# Every decision the tests look at is also the one the full rules give: a report answered on the fast path
# (tables.rego) must not differ from full_decision, compared as the JSON the sidecar answers with.
decide(inp) := d if {
	d := pelaksanaan.decision with input as inp
	json.marshal(d) == json.marshal(pelaksanaan.full_decision) with input as inp
}

# ---------------------------------------------------------------------------------------------------------
# Builders. Every role's holder is "NIP-<role>" so a test can name who holds what.

profiles := data.sikerja.profiles

smp := "perbup-sumenep-9-2024"

jpr := "perbup-jepara-17-2024"

bdg := "perwal-bandung-6-2023"

tla := "perbup-tanahlaut-26-2024"

pky := "perwal-palangkaraya-13-2024"

nas := "permenpanrb-7-2022"

party_roles := ["pejabat_penilai_kinerja", "pimpinan_unit_organisasi", "pimpinan_unit_kerja", "kepala_perangkat_daerah", "pimpinan_instansi"]

parties := {r: holder(r) | some r in party_roles}

holder(role) := sprintf("NIP-%v", [role])

place(i, pd, u) := {"instansi": i, "perangkat_daerah": pd, "unit": u}

owner_place := place("kab", "dlh", "bidang-a")

member_place := {
	"dalam_unit_organisasi": place("kab", "dlh", "bidang-a"),
	"lintas_unit_organisasi": place("kab", "dlh", "bidang-b"),
	"lintas_perangkat_daerah": place("kab", "dinkes", "bidang-x"),
	"lintas_instansi": place("prov", "dinas-prov", "bidang-y"),
}

home := {
	"pimpinan_unit_organisasi": "NIP-puo-asal",
	"kepala_perangkat_daerah": "NIP-kepala-pd-asal",
	"pimpinan_instansi": "NIP-pimpinan-instansi-asal",
}

home_holder := {
	"pimpinan_unit_organisasi": "NIP-puo-asal",
	"kepala_perangkat_daerah": "NIP-kepala-pd-asal",
	"pimpinan_instansi": "NIP-pimpinan-instansi-asal",
}

team(scope) := {
	"id": "tim-1",
	"mode": "tim",
	"ketua_tim": "NIP-ketua_tim",
	"owner_place": owner_place,
	"members": [
		{"id": "NIP-ketua_tim", "place": owner_place, "home": {"pimpinan_unit_organisasi": holder("pimpinan_unit_organisasi")}},
		{"id": "NIP-anggota", "place": member_place[scope], "home": home},
	],
}

individual := {"id": "tugas-1", "mode": "individu", "assignee": "NIP-individu"}

reporter := {"individu": "NIP-individu", "anggota_tim": "NIP-anggota", "ketua_tim": "NIP-ketua_tim"}

work_for := {"individu": individual, "anggota_tim": team("dalam_unit_organisasi"), "ketua_tim": team("dalam_unit_organisasi")}

recipient_holder(role) := "NIP-ketua_tim" if role == "ketua_tim"

recipient_holder(role) := holder(role) if role != "ketua_tim"

report_input(profile, who, occasion, recipients) := {
	"action": "pelaksanaan.report",
	"profile": profile,
	"actor": {"id": reporter[who]},
	"resource": {
		"work": work_for[who],
		"parties": parties,
		"report": {"as": who, "occasion": occasion, "recipients": recipients},
	},
}

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

# ---------------------------------------------------------------------------------------------------------
# Every reporting rule of every profile: the named recipients are accepted, anyone else is refused.

test_every_reporting_rule_allowed if {
	every id, p in profiles {
		every who, rule in p.pelaksanaan.reporting {
			recipients := [recipient_holder(g.any_of[0]) | some g in rule.recipients]
			d := decide(report_input(id, who, rule.occasions[0], recipients))
			d.allow
			has_reason(d, "pelaksanaan.report_allowed", rule.source)
		}
	}
}

test_every_reporting_rule_denied if {
	every id, p in profiles {
		every who, rule in p.pelaksanaan.reporting {
			recipients := array.concat([recipient_holder(g.any_of[0]) | some g in rule.recipients], ["NIP-orang-lain"])
			d := decide(report_input(id, who, rule.occasions[0], recipients))
			not d.allow
			has_reason(d, "pelaksanaan.recipient_not_allowed", rule.source)
		}
	}
}

test_every_report_request_rule_allowed if {
	every id, p in profiles {
		every requester in p.pelaksanaan.report_requests.requesters {
			d := decide(request_input(id, holder(requester), "NIP-ketua_tim"))
			d.allow
			has_reason(d, "pelaksanaan.request_report_allowed", p.pelaksanaan.report_requests.source)
		}
	}
}

test_every_report_request_rule_denied if {
	every id, p in profiles {
		d := decide(request_input(id, "NIP-orang-lain", "NIP-anggota"))
		not d.allow
		has_reason(d, "pelaksanaan.requester_not_allowed", p.pelaksanaan.report_requests.source)
	}
}

request_input(profile, actor, from) := {
	"action": "pelaksanaan.request_report",
	"profile": profile,
	"actor": {"id": actor},
	"resource": {"work": team("dalam_unit_organisasi"), "parties": parties, "request": {"from": from}},
}

# ---------------------------------------------------------------------------------------------------------
# Every escalation level of every scope of every profile.

escalation_input(profile, scope, level, targets) := {
	"action": "pelaksanaan.escalate",
	"profile": profile,
	"actor": {"id": "NIP-ketua_tim"},
	"resource": {
		"work": team(scope),
		"parties": parties,
		"escalation": {
			"level": level,
			"targets": targets,
			"alternatif_rekomendasi": ["Tambah satu analis data dari Bidang B"],
			"raised_levels": [n | some n in numbers.range(1, level - 1)],
		},
	},
}

level_target(lvl) := holder(lvl.targets[0]) if lvl.at == "pemilik_kinerja"

level_target(lvl) := home_holder[lvl.targets[0]] if lvl.at == "asal_anggota"

test_every_escalation_level_allowed if {
	every id, p in profiles {
		every scope, rule in p.pelaksanaan.escalation.scopes {
			every lvl in rule.levels {
				d := decide(escalation_input(id, scope, lvl.level, [level_target(lvl)]))
				d.allow
				has_reason(d, "pelaksanaan.escalation_allowed", lvl.source)
				d.obligations.scope == scope
			}
		}
	}
}

test_every_escalation_level_denied if {
	every id, p in profiles {
		every scope, rule in p.pelaksanaan.escalation.scopes {
			every lvl in rule.levels {
				d := decide(escalation_input(id, scope, lvl.level, ["NIP-orang-lain"]))
				not d.allow
				has_reason(d, "pelaksanaan.escalation_target_not_allowed", lvl.source)
			}
		}
	}
}

test_every_scope_not_provided_denied if {
	every id, p in profiles {
		every scope, rule in {s: r | some s, r in p.pelaksanaan.escalation.scopes; r.provided == false} {
			d := decide(escalation_input(id, scope, 1, ["NIP-pimpinan_unit_organisasi"]))
			not d.allow
			has_reason(d, "pelaksanaan.scope_not_provided", rule.source)
		}
	}
}

test_every_alternatif_rekomendasi_rule_denied if {
	every id, p in profiles {
		inp := escalation_input(id, "dalam_unit_organisasi", 1, ["NIP-pimpinan_unit_organisasi"])
		d := decide(json.patch(inp, [{"op": "replace", "path": "/resource/escalation/alternatif_rekomendasi", "value": []}]))
		not d.allow
		has_reason(d, "pelaksanaan.alternatif_rekomendasi_missing", p.pelaksanaan.escalation.alternatif_rekomendasi.source)
	}
}

# ---------------------------------------------------------------------------------------------------------
# Every result-chain rule of every profile. The chain: executor, reviewer (Administrator), top (JPT Pratama).

chain := ["NIP-ketua_tim", "NIP-administrator", "NIP-jpt"]

result_input(profile, action, actor, at, conforms, to) := {
	"action": action,
	"profile": profile,
	"actor": {"id": actor},
	"resource": {"result": {"chain": chain, "at": at, "conforms": conforms, "to": to}},
}

test_every_forward_rule_allowed if {
	every id, p in profiles {
		d := decide(result_input(id, "pelaksanaan.submit_result", "NIP-administrator", 1, true, "NIP-jpt"))
		d.allow
		has_reason(d, "pelaksanaan.result_forwarded", p.pelaksanaan.result_chain.forward.source)
		d.obligations.next_level == {"level": 2, "id": "NIP-jpt"}
	}
}

test_every_forward_rule_denied if {
	every id, p in profiles {
		# skipping a level is refused everywhere
		d := decide(result_input(id, "pelaksanaan.submit_result", "NIP-ketua_tim", 0, true, "NIP-jpt"))
		not d.allow
		has_reason(d, "pelaksanaan.level_skipped", p.pelaksanaan.result_chain.forward.source)
	}
}

test_every_only_conforming_rule_denied if {
	every id, p in {i: q | some i, q in profiles; q.pelaksanaan.result_chain.forward.only_conforming} {
		d := decide(result_input(id, "pelaksanaan.submit_result", "NIP-administrator", 1, false, "NIP-jpt"))
		not d.allow
		has_reason(d, "pelaksanaan.result_not_conforming", p.pelaksanaan.result_chain.forward.source)
	}
}

test_every_completion_rule_allowed if {
	every id, p in profiles {
		d := decide(result_input(id, "pelaksanaan.accept_result", "NIP-jpt", 2, true, null))
		d.allow
		has_reason(d, "pelaksanaan.result_accepted", p.pelaksanaan.result_chain.completion.source)
		d.obligations.completed
	}
}

test_every_completion_rule_denied if {
	every id, p in profiles {
		d := decide(result_input(id, "pelaksanaan.accept_result", "NIP-administrator", 1, true, null))
		not d.allow
		has_reason(d, "pelaksanaan.not_top_of_chain", p.pelaksanaan.result_chain.completion.source)
	}
}

returning_profiles := {i: q | some i, q in profiles; q.pelaksanaan.result_chain.return.mode != "diperbaiki_pimpinan"}

# at least one profile of each kind, so the filtered checks above never pass vacuously
test_filtered_tables_not_empty if {
	count(returning_profiles) == 5
	count({i | some i, q in profiles; q.pelaksanaan.result_chain.forward.only_conforming}) == 5
	count({i | some i, q in profiles; q.pelaksanaan.escalation.scopes.lintas_instansi.provided == false}) == 1
}

expected_return := {"berjenjang": "NIP-administrator", "langsung_ke_pelaksana": "NIP-ketua_tim"}

wrong_return := {"berjenjang": "NIP-ketua_tim", "langsung_ke_pelaksana": "NIP-administrator"}

test_every_return_rule_allowed if {
	every id, p in returning_profiles {
		rule := p.pelaksanaan.result_chain.return
		d := decide(result_input(id, "pelaksanaan.return_result", "NIP-jpt", 2, false, expected_return[rule.mode]))
		d.allow
		has_reason(d, "pelaksanaan.result_returned", rule.source)
	}
}

test_every_return_rule_denied if {
	every id, p in returning_profiles {
		rule := p.pelaksanaan.result_chain.return
		d := decide(result_input(id, "pelaksanaan.return_result", "NIP-jpt", 2, false, wrong_return[rule.mode]))
		not d.allow
		has_reason(d, "pelaksanaan.return_target_not_allowed", rule.source)
	}
}

# ---------------------------------------------------------------------------------------------------------
# Regional differences, with the source each rests on.

test_ketua_tim_reports_to_penilai_allowed_smp if {
	d := decide(report_input(smp, "ketua_tim", "berkala", ["NIP-pejabat_penilai_kinerja"]))
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Pasal 22 ayat (2) (baris 266)")
	d.obligations.cadence == "berkala"
}

test_ketua_tim_reports_to_kepala_pd_denied_smp if {
	d := decide(report_input(smp, "ketua_tim", "berkala", ["NIP-kepala_perangkat_daerah"]))
	not d.allow
	"pelaksanaan.recipient_not_allowed" in codes(d)
	cites(d, "Pasal 22 ayat (2)")
}

test_ketua_tim_reports_to_kepala_pd_allowed_bdg if {
	d := decide(report_input(bdg, "ketua_tim", "berkala", ["NIP-kepala_perangkat_daerah"]))
	d.allow
	cites(d, "Perwal Bandung 6/2023 Pasal 17 ayat (2) (baris 289)")
}

test_ketua_tim_reports_to_penilai_denied_tla if {
	d := decide(report_input(tla, "ketua_tim", "berkala", ["NIP-pejabat_penilai_kinerja"]))
	not d.allow
	cites(d, "Perbup Tanah Laut 26/2024 Pasal 23 ayat (2) (baris 282)")
}

test_individual_reports_to_pimpinan_unit_kerja_allowed_jpr if {
	d := decide(report_input(jpr, "individu", "berkala", ["NIP-pimpinan_unit_kerja"]))
	d.allow
	cites(d, "Perbup Jepara 17/2024 Pasal 16 ayat (1) (baris 225)")
}

test_individual_reports_a_problem_allowed_smp if {
	d := decide(report_input(smp, "individu", "permasalahan", ["NIP-pimpinan_unit_organisasi"]))
	d.allow
	cites(d, "baris 563")
}

test_individual_reports_a_problem_denied_pky if {
	d := decide(report_input(pky, "individu", "permasalahan", ["NIP-pimpinan_unit_organisasi"]))
	not d.allow
	"pelaksanaan.occasion_not_provided" in codes(d)
	cites(d, "Perwal Palangka Raya 13/2024 Pasal 14 (baris 224)")
}

test_member_reports_to_puo_instead_of_ketua_denied_smp if {
	d := decide(report_input(smp, "anggota_tim", "berkala", ["NIP-pimpinan_unit_organisasi"]))
	not d.allow
	codes(d) == {"pelaksanaan.recipient_not_allowed", "pelaksanaan.recipient_missing"}
	cites(d, "Pasal 22 ayat (1) (baris 265)")
}

test_someone_else_reporting_for_the_ketua_denied_smp if {
	inp := report_input(smp, "ketua_tim", "berkala", ["NIP-pimpinan_unit_organisasi"])
	d := decide(json.patch(inp, [{"op": "replace", "path": "/actor/id", "value": "NIP-anggota"}]))
	not d.allow
	"pelaksanaan.not_the_reporter" in codes(d)
}

test_ketua_and_member_performance_report_needs_both_groups_denied_jpr if {
	# Jepara: a ketua's periodic report goes to Pimpinan Unit Kerja and/or PUO; with only an outsider nobody is reached.
	d := decide(report_input(jpr, "ketua_tim", "berkala", ["NIP-orang-lain"]))
	not d.allow
	"pelaksanaan.recipient_missing" in codes(d)
}

test_report_on_request_allowed_smp if {
	inp := report_input(smp, "anggota_tim", "atas_permintaan", ["NIP-pejabat_penilai_kinerja"])
	d := decide(json.patch(inp, [{"op": "add", "path": "/resource/report/requested_by", "value": "NIP-pejabat_penilai_kinerja"}]))
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Pasal 22 ayat (3) (baris 267)")
	d.obligations.cadence == "sewaktu_waktu"
}

test_report_on_request_of_the_penilai_denied_bdg if {
	inp := report_input(bdg, "anggota_tim", "atas_permintaan", ["NIP-pejabat_penilai_kinerja"])
	d := decide(json.patch(inp, [{"op": "add", "path": "/resource/report/requested_by", "value": "NIP-pejabat_penilai_kinerja"}]))
	not d.allow
	"pelaksanaan.requester_not_allowed" in codes(d)
	cites(d, "Perwal Bandung 6/2023 Pasal 17 ayat (3) (baris 290)")
}

test_report_on_request_sent_elsewhere_denied_smp if {
	inp := report_input(smp, "individu", "atas_permintaan", ["NIP-kepala_perangkat_daerah"])
	d := decide(json.patch(inp, [{"op": "add", "path": "/resource/report/requested_by", "value": "NIP-pejabat_penilai_kinerja"}]))
	not d.allow
	codes(d) == {"pelaksanaan.recipient_not_requester", "pelaksanaan.request_target_not_allowed"}
}

test_penilai_requests_report_allowed_smp if {
	d := decide(request_input(smp, "NIP-pejabat_penilai_kinerja", "NIP-anggota"))
	d.allow
	d.obligations.report_from == {"id": "NIP-anggota", "as": "anggota_tim"}
	cites(d, "Pasal 22 ayat (3)")
}

test_penilai_requests_report_denied_pky if {
	d := decide(request_input(pky, "NIP-pejabat_penilai_kinerja", "NIP-anggota"))
	not d.allow
	cites(d, "Perwal Palangka Raya 13/2024 Pasal 15 ayat (3) (baris 230)")
}

test_plt_puo_requests_report_allowed_tla if {
	inp := request_input(tla, "NIP-plt", "NIP-ketua_tim")
	d := decide(json.patch(inp, [
		{"op": "add", "path": "/actor/officiates", "value": [{"as": "puo", "of": "bidang-a"}]},
		{"op": "add", "path": "/resource/party_units", "value": {"pimpinan_unit_organisasi": "bidang-a"}},
	]))
	d.allow
	cites(d, "Perbup Tanah Laut 26/2024 Pasal 23 ayat (4) (baris 284)")
}

test_request_from_an_outsider_denied_smp if {
	d := decide(request_input(smp, "NIP-pimpinan_unit_organisasi", "NIP-orang-lain"))
	not d.allow
	"pelaksanaan.request_target_unknown" in codes(d)
}

test_request_from_an_individual_denied_smp if {
	inp := {
		"action": "pelaksanaan.request_report", "profile": smp, "actor": {"id": "NIP-pimpinan_unit_organisasi"},
		"resource": {"work": individual, "parties": parties, "request": {"from": "NIP-individu"}},
	}
	d := decide(inp)
	not d.allow
	"pelaksanaan.request_target_not_allowed" in codes(d)
	cites(d, "Pasal 22 ayat (3)")
}

test_lintas_instansi_escalation_denied_smp if {
	d := decide(escalation_input(smp, "lintas_instansi", 1, ["NIP-pimpinan_unit_organisasi"]))
	not d.allow
	cites(d, "Perbup Sumenep 9/2024 Pasal 20 (baris 221-254)")
}

test_lintas_instansi_escalation_to_home_instansi_allowed_jpr if {
	d := decide(escalation_input(jpr, "lintas_instansi", 2, ["NIP-pimpinan-instansi-asal"]))
	d.allow
	cites(d, "Perbup Jepara 17/2024 Lampiran pelaksanaan tugas huruf d angka 5 (baris 814)")
	{"role": "pimpinan_instansi", "id": "NIP-pimpinan-instansi-asal"} in d.obligations.escalation_targets
	d.obligations.next_level == null
}

test_lintas_pd_escalation_to_home_kepala_pd_denied_jpr if {
	# Jepara's lintas Unit Organisasi level 2 names only each member's PUO, not the pimpinan Perangkat Daerah.
	d := decide(escalation_input(jpr, "lintas_perangkat_daerah", 2, ["NIP-kepala-pd-asal"]))
	not d.allow
	cites(d, "baris 802")
}

test_lintas_pd_escalation_to_home_kepala_pd_allowed_smp if {
	d := decide(escalation_input(smp, "lintas_perangkat_daerah", 2, ["NIP-kepala-pd-asal"]))
	d.allow
	cites(d, "Perbup Sumenep 9/2024 Pasal 20 ayat (3) huruf e (baris 252)")
}

test_in_unit_escalation_to_kepala_pd_allowed_pky if {
	d := decide(escalation_input(pky, "dalam_unit_organisasi", 1, ["NIP-kepala_perangkat_daerah"]))
	d.allow
	cites(d, "baris 795")
	d.obligations.next_level == null
}

test_level_one_escalation_names_next_level_smp if {
	d := decide(escalation_input(smp, "lintas_unit_organisasi", 1, ["NIP-pimpinan_unit_organisasi"]))
	d.allow
	d.obligations.next_level == 2
	d.obligations.purpose == "diputuskan dan/atau ditindaklanjuti"
}

test_level_two_before_level_one_denied_smp if {
	inp := escalation_input(smp, "lintas_unit_organisasi", 2, ["NIP-puo-asal"])
	d := decide(json.patch(inp, [{"op": "replace", "path": "/resource/escalation/raised_levels", "value": []}]))
	not d.allow
	"pelaksanaan.level_skipped" in codes(d)
	cites(d, "Pasal 20 ayat (2) huruf d (baris 244)")
}

test_level_three_denied_smp if {
	d := decide(escalation_input(smp, "lintas_unit_organisasi", 3, ["NIP-puo-asal"]))
	not d.allow
	"pelaksanaan.level_not_provided" in codes(d)
}

test_escalation_by_an_outsider_denied_smp if {
	inp := escalation_input(smp, "dalam_unit_organisasi", 1, ["NIP-pimpinan_unit_organisasi"])
	d := decide(json.patch(inp, [{"op": "replace", "path": "/actor/id", "value": "NIP-orang-lain"}]))
	not d.allow
	"pelaksanaan.not_team_member" in codes(d)
}

test_individual_escalation_denied_smp if {
	inp := {
		"action": "pelaksanaan.escalate", "profile": smp, "actor": {"id": "NIP-individu"},
		"resource": {
			"work": individual, "parties": parties,
			"escalation": {"level": 1, "targets": ["NIP-pimpinan_unit_organisasi"], "alternatif_rekomendasi": ["x"]},
		},
	}
	d := decide(inp)
	not d.allow
	"pelaksanaan.escalation_is_for_teams" in codes(d)
	cites(d, "Pasal 21 (baris 261)")
}

test_blank_recommendation_denied_bdg if {
	inp := escalation_input(bdg, "dalam_unit_organisasi", 1, ["NIP-pimpinan_unit_organisasi"])
	d := decide(json.patch(inp, [{"op": "replace", "path": "/resource/escalation/alternatif_rekomendasi", "value": ["  "]}]))
	not d.allow
	cites(d, "Perwal Bandung 6/2023 Lampiran pelaksanaan tugas huruf a angka 3) (baris 830)")
}

# The result chain: return paths differ.

test_return_one_level_down_allowed_smp if {
	d := decide(result_input(smp, "pelaksanaan.return_result", "NIP-jpt", 2, false, "NIP-administrator"))
	d.allow
	cites(d, "secara berjenjang berdasarkan level struktur organisasi")
	d.obligations.return_to == {"level": 1, "id": "NIP-administrator"}
	d.obligations.return_path == ["NIP-administrator", "NIP-ketua_tim"]
}

test_return_straight_to_team_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.return_result", "NIP-jpt", 2, false, "NIP-ketua_tim"))
	not d.allow
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola II C(4) huruf d (baris 570)")
}

test_return_straight_to_team_allowed_jpr if {
	d := decide(result_input(jpr, "pelaksanaan.return_result", "NIP-administrator", 1, false, "NIP-ketua_tim"))
	d.allow
	cites(d, "Perbup Jepara 17/2024 Lampiran BAB II A.1 huruf b dan c (baris 506, 538)")
	d.obligations.return_path == ["NIP-ketua_tim"]
}

test_return_denied_tla if {
	d := decide(result_input(tla, "pelaksanaan.return_result", "NIP-jpt", 2, false, "NIP-administrator"))
	not d.allow
	"pelaksanaan.return_not_provided" in codes(d)
	cites(d, "Perbup Tanah Laut 26/2024 Lampiran II A.1 angka 3 huruf c")
}

test_head_corrects_result_allowed_tla if {
	d := decide(result_input(tla, "pelaksanaan.correct_result", "NIP-jpt", 2, false, null))
	d.allow
	cites(d, "Kepala Unit Organisasi melakukan perbaikan pencapaian target kinerja")
	d.obligations.corrected_by == "NIP-jpt"
}

test_head_corrects_result_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.correct_result", "NIP-jpt", 2, false, null))
	not d.allow
	"pelaksanaan.correction_not_provided" in codes(d)
}

test_reviewer_corrects_instead_of_head_denied_tla if {
	d := decide(result_input(tla, "pelaksanaan.correct_result", "NIP-administrator", 1, false, null))
	not d.allow
	"pelaksanaan.not_top_of_chain" in codes(d)
}

test_penilai_forwards_unconforming_result_allowed_tla if {
	d := decide(result_input(tla, "pelaksanaan.submit_result", "NIP-administrator", 1, false, "NIP-jpt"))
	d.allow
	cites(d, "Perbup Tanah Laut 26/2024 Lampiran II A.1 angka 3 huruf a")
	d.obligations.reaches_top
}

test_conforming_result_returned_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.return_result", "NIP-jpt", 2, true, "NIP-administrator"))
	not d.allow
	"pelaksanaan.result_conforms" in codes(d)
}

test_return_from_the_executor_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.return_result", "NIP-ketua_tim", 0, false, "NIP-ketua_tim"))
	not d.allow
	"pelaksanaan.nothing_below" in codes(d)
}

test_submit_beyond_top_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.submit_result", "NIP-jpt", 2, true, "NIP-jpt"))
	not d.allow
	"pelaksanaan.already_at_top" in codes(d)
}

test_unconforming_result_accepted_denied_pky if {
	d := decide(result_input(pky, "pelaksanaan.accept_result", "NIP-jpt", 2, false, null))
	not d.allow
	"pelaksanaan.result_not_conforming" in codes(d)
	cites(d, "Perwal Palangka Raya 13/2024 Lampiran I huruf A angka 6 huruf b (baris 381)")
}

test_someone_else_acting_on_the_result_denied_smp if {
	d := decide(result_input(smp, "pelaksanaan.submit_result", "NIP-orang-lain", 1, true, "NIP-jpt"))
	not d.allow
	"pelaksanaan.not_result_holder" in codes(d)
}

# workflows.md §9 Example 5 (SMP): the activity closes only when the head declares it finished; a Kabid cannot.
test_example5_only_the_head_closes_the_activity_denied_smp if {
	inp := {
		"action": "pelaksanaan.accept_result", "profile": smp, "actor": {"id": "NIP-kabid"},
		"resource": {"result": {"chain": ["NIP-ketua_tim", "NIP-kabid", "NIP-kepala-dinas"], "at": 1, "conforms": true}},
	}
	d := decide(inp)
	not d.allow
	cites(d, "Perbup Sumenep 9/2024 Lampiran pola II C(4) huruf c (baris 569)")
}

test_example5_the_head_closes_the_activity_allowed_smp if {
	inp := {
		"action": "pelaksanaan.accept_result", "profile": smp, "actor": {"id": "NIP-kepala-dinas"},
		"resource": {"result": {"chain": ["NIP-ketua_tim", "NIP-kabid", "NIP-kepala-dinas"], "at": 2, "conforms": true}},
	}
	d := decide(inp)
	d.allow
	d.obligations == {"completed": true, "declared_by": "NIP-kepala-dinas"}
}

# ---------------------------------------------------------------------------------------------------------
# Bad input is a refusal with a reason, never undefined.

test_empty_input_denied if {
	d := decide({})
	not d.allow
	codes(d) == {"pelaksanaan.unknown_action"}
	d.obligations == {}
}

test_unknown_action_denied if {
	d := decide({"action": "pelaksanaan.delete", "profile": smp, "actor": {"id": "x"}, "resource": {}})
	not d.allow
	codes(d) == {"pelaksanaan.unknown_action"}
}

test_unknown_profile_denied if {
	d := decide(report_input("perbup-entah-1-2099", "individu", "berkala", ["NIP-pimpinan_unit_organisasi"]))
	not d.allow
	codes(d) == {"pelaksanaan.unknown_profile"}
}

test_incomplete_report_denied if {
	d := decide({"action": "pelaksanaan.report", "profile": smp, "actor": {}, "resource": {"report": {"as": "x"}}})
	not d.allow
	codes(d) == {"pelaksanaan.invalid_input"}
	some r in d.reasons
	contains(r.message, "actor.id")
	contains(r.message, "resource.report.recipients")
	contains(r.message, "resource.work.mode")
}

test_incomplete_team_denied if {
	inp := {
		"action": "pelaksanaan.escalate", "profile": smp, "actor": {"id": "a"},
		"resource": {
			"parties": {}, "work": {"mode": "tim", "ketua_tim": "", "members": [{"id": "a", "place": {"instansi": "i"}}]},
			"escalation": {"level": 0, "targets": [], "alternatif_rekomendasi": "x"},
		},
	}
	d := decide(inp)
	not d.allow
	codes(d) == {"pelaksanaan.invalid_input"}
	some r in d.reasons
	contains(r.message, "resource.work.owner_place")
	contains(r.message, "resource.work.members[].place")
	contains(r.message, "resource.escalation.level")
}

test_incomplete_individual_and_request_denied if {
	inp := {"action": "pelaksanaan.request_report", "profile": smp, "actor": {"id": "a"}, "resource": {"parties": {}, "work": {"mode": "individu"}}}
	d := decide(inp)
	not d.allow
	some r in d.reasons
	contains(r.message, "resource.work.assignee")
	contains(r.message, "resource.request.from")
}

test_incomplete_result_denied if {
	inp := {"action": "pelaksanaan.return_result", "profile": smp, "actor": {"id": "a"}, "resource": {"result": {"chain": ["a"], "at": 5, "conforms": "no"}}}
	d := decide(inp)
	not d.allow
	some r in d.reasons
	contains(r.message, "resource.result.chain")
	contains(r.message, "resource.result.at")
	contains(r.message, "resource.result.conforms")
	contains(r.message, "resource.result.to")
}

test_non_object_resource_denied if {
	d := decide({"action": "pelaksanaan.accept_result", "profile": smp, "actor": {"id": "a"}, "resource": "x"})
	not d.allow
	codes(d) == {"pelaksanaan.invalid_input"}
}

test_incomplete_on_request_report_denied if {
	inp := report_input(smp, "anggota_tim", "atas_permintaan", ["NIP-pejabat_penilai_kinerja"])
	d := decide(inp)
	not d.allow
	some r in d.reasons
	contains(r.message, "resource.report.requested_by")
}

test_member_escalates_for_the_team_allowed_pky if {
	inp := escalation_input(pky, "lintas_instansi", 1, ["NIP-kepala_perangkat_daerah"])
	d := decide(json.patch(inp, [{"op": "replace", "path": "/actor/id", "value": "NIP-anggota"}]))
	d.allow
	cites(d, "Perwal Palangka Raya 13/2024 Lampiran II II.A angka 5 huruf d (baris 812)")
}

test_team_without_members_denied if {
	inp := report_input(smp, "ketua_tim", "berkala", ["NIP-pimpinan_unit_organisasi"])
	d := decide(json.patch(inp, [{"op": "replace", "path": ["resource", "work", "members"], "value": []}]))
	not d.allow
	some r in d.reasons
	contains(r.message, "resource.work.members")
}

test_someone_else_accepting_the_result_denied_bdg if {
	d := decide(result_input(bdg, "pelaksanaan.accept_result", "NIP-orang-lain", 2, true, null))
	not d.allow
	"pelaksanaan.not_result_holder" in codes(d)
	cites(d, "Perwal Bandung 6/2023 Lampiran mekanisme kerja tahapan evaluasi (baris 444)")
}

test_someone_else_returning_the_result_denied_jpr if {
	d := decide(result_input(jpr, "pelaksanaan.return_result", "NIP-orang-lain", 2, false, "NIP-ketua_tim"))
	not d.allow
	"pelaksanaan.not_result_holder" in codes(d)
	cites(d, "baris 506, 538")
}

# ---------------------------------------------------------------------------------------------------------
# The report table and its positive checks (tables.rego)

tabled(inp) if pelaksanaan.answered_from_table with input as inp

# Every way of reporting of every profile, on every occasion it provides, to the first role of every recipient
# group, is answered on the fast path (and, by decide, as the full rules answer it).
test_every_allowed_report_answered_from_the_table if {
	missing := {sprintf("%s %s %s", [id, who, occasion]) |
		some id, p in profiles
		some who, rule in p.pelaksanaan.reporting
		some occasion in rule.occasions
		occasion != "atas_permintaan"
		recipients := [recipient_holder(g.any_of[0]) | some g in rule.recipients]
		inp := report_input(id, who, occasion, recipients)
		not tabled(inp)
	}
	missing == set()
}

# What the full rules refuse never comes from the fast path.
test_refused_reports_never_answered_from_the_table_smp if {
	ok := report_input(smp, "anggota_tim", "berkala", ["NIP-ketua_tim"])
	tabled(ok)
	refused := [
		json.patch(ok, [{"op": "replace", "path": "/actor/id", "value": ""}]),
		json.patch(ok, [{"op": "replace", "path": "/actor/id", "value": "NIP-ketua_tim"}]),
		json.patch(ok, [{"op": "replace", "path": "/actor/id", "value": "NIP-orang-lain"}]),
		object.union(ok, {"resource": {"work": {"ketua_tim": ""}}}),
		object.union(ok, {"resource": {"work": {"members": array.concat(ok.resource.work.members, [{"id": 7}])}}}),
		object.union(ok, {"resource": {"work": {"mode": "individu"}}}),
		json.patch(ok, [{"op": "replace", "path": "/resource/parties", "value": []}]),
		json.patch(ok, [{"op": "replace", "path": "/resource/report/recipients", "value": []}]),
		json.patch(ok, [{"op": "replace", "path": "/resource/report/recipients", "value": ["NIP-ketua_tim", ""]}]),
		json.patch(ok, [{"op": "replace", "path": "/resource/report/occasion", "value": "tahunan"}]),
	]
	every inp in refused {
		not tabled(inp)
		not decide(inp).allow
	}
}

# The rows the generator computes are the committed rows.
test_report_table_rows_are_the_committed_rows if {
	rows := pelaksanaan.table_rows
	count(rows) == count(data.sikerja.tables.pelaksanaan)
	every row in rows {
		row.allowed
		json.marshal(data.sikerja.tables.pelaksanaan[row.key]) == json.marshal(row.entry)
	}
}
