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
