package sikerja.org_admin_test

import data.sikerja.org_admin

register_input(roles, profile) := {
	"action": "instansi.register",
	"actor": {"nip": "198001012006041001", "instansi": null, "roles": roles},
	"resource": {"kind": "instansi", "code": "KAB-SUMENEP", "regulation_profile": profile},
}

codes(decision) := {r.code | some r in decision.reasons}

test_platform_admin_registers_instansi_with_known_profile if {
	d := org_admin.decision with input as register_input(["platform_admin"], "perbup-sumenep-9-2024")
	d.allow
	codes(d) == {"org_admin.allowed"}
}

test_other_roles_may_not_register_instansi if {
	d := org_admin.decision with input as register_input(["admin_instansi"], "perbup-sumenep-9-2024")
	not d.allow
	"org_admin.not_platform_admin" in codes(d)
}

test_unknown_profile_is_refused_even_for_platform_admin if {
	d := org_admin.decision with input as register_input(["platform_admin"], "perbup-entah-1-2099")
	not d.allow
	codes(d) == {"org_admin.unknown_profile"}
}

test_unknown_action_is_refused if {
	d := org_admin.decision with input as {"action": "instansi.delete", "actor": {"roles": ["platform_admin"]}}
	not d.allow
	codes(d) == {"org_admin.unknown_action"}
}

test_empty_input_is_refused if {
	d := org_admin.decision with input as {}
	not d.allow
	"org_admin.unknown_action" in codes(d)
}

org_input(action, roles, actor_instansi, profile) := {
	"action": action,
	"actor": {"nip": "198503302010011002", "instansi": actor_instansi, "roles": roles},
	"resource": {"instansi_id": "inst-sumenep", "regulation_profile": profile},
}

test_instansi_admin_imports_own_organisation if {
	d := org_admin.decision with input as org_input("organisation.import", ["admin_instansi"], "inst-sumenep", "perbup-sumenep-9-2024")
	d.allow
	codes(d) == {"org_admin.organisation_admin"}
}

test_admin_of_another_instansi_may_not_import if {
	d := org_admin.decision with input as org_input("organisation.import", ["admin_instansi"], "inst-jepara", "perbup-sumenep-9-2024")
	not d.allow
	codes(d) == {"org_admin.other_instansi"}
}

test_instansi_admin_corrects_own_pegawai_and_ends_placements if {
	every action in ["pegawai.update", "placement.end"] {
		d := org_admin.decision with input as org_input(action, ["admin_instansi"], "inst-sumenep", "perbup-sumenep-9-2024")
		d.allow
		codes(d) == {"org_admin.organisation_admin"}
	}
}

test_admin_of_another_instansi_may_not_correct_a_pegawai if {
	every action in ["pegawai.update", "placement.end"] {
		d := org_admin.decision with input as org_input(action, ["admin_instansi"], "inst-jepara", "perbup-sumenep-9-2024")
		not d.allow
		codes(d) == {"org_admin.other_instansi"}
	}
}

# Perbup Sumenep 9/2024 Pasal 9: kedudukan ditetapkan oleh Bupati.
test_sumenep_kedudukan_is_set_by_the_bupati if {
	d := org_admin.decision with input as org_input("kedudukan.set", ["admin_instansi", "bupati"], "inst-sumenep", "perbup-sumenep-9-2024")
	d.allow
	some r in d.reasons
	contains(r.source, "Perbup Sumenep 9/2024 Pasal 9")
}

test_sumenep_kedudukan_is_not_set_by_the_pembina_kepegawaian if {
	d := org_admin.decision with input as org_input("kedudukan.set", ["admin_instansi", "pembina_kepegawaian"], "inst-sumenep", "perbup-sumenep-9-2024")
	not d.allow
	some r in d.reasons
	r.code == "org_admin.not_kedudukan_authority"
	contains(r.source, "Pasal 9")
}

# Perbup Jepara 17/2024 Pasal 6 ayat (3): kedudukan ditetapkan oleh pejabat pembina kepegawaian.
test_jepara_kedudukan_is_set_by_the_pembina_kepegawaian if {
	d := org_admin.decision with input as org_input("kedudukan.set", ["admin_instansi", "pembina_kepegawaian"], "inst-sumenep", "perbup-jepara-17-2024")
	d.allow
}

test_jepara_kedudukan_is_not_set_by_the_bupati if {
	d := org_admin.decision with input as org_input("kedudukan.set", ["admin_instansi", "bupati"], "inst-sumenep", "perbup-jepara-17-2024")
	not d.allow
	some r in d.reasons
	contains(r.source, "Pasal 6 ayat (3)")
}

test_kedudukan_under_an_unknown_profile_is_refused if {
	d := org_admin.decision with input as org_input("kedudukan.set", ["admin_instansi", "bupati"], "inst-sumenep", "perbup-entah-1-2099")
	not d.allow
}

test_pegawai_reads_own_instansi_organisation if {
	d := org_admin.decision with input as org_input("organisation.read", [], "inst-sumenep", "perbup-sumenep-9-2024")
	d.allow
}

test_other_instansi_may_not_read_the_organisation if {
	d := org_admin.decision with input as org_input("organisation.read", ["admin_instansi"], "inst-jepara", "perbup-sumenep-9-2024")
	not d.allow
	codes(d) == {"org_admin.read_other_instansi"}
}

test_integration_layer_replays_events if {
	d := org_admin.decision with input as org_input("events.replay", ["integration"], null, "perbup-sumenep-9-2024")
	d.allow
}

test_an_instansi_admin_may_not_replay_every_instansis_events if {
	d := org_admin.decision with input as org_input("events.replay", ["admin_instansi"], "inst-sumenep", "perbup-sumenep-9-2024")
	not d.allow
	codes(d) == {"org_admin.replay_not_allowed"}
}
