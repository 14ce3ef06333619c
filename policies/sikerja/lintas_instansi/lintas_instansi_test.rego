package sikerja.lintas_instansi_test

import data.sikerja.lintas_instansi

profiles := data.sikerja.profiles

smp := "perbup-sumenep-9-2024"

jpr := "perbup-jepara-17-2024"

pky := "perwal-palangkaraya-13-2024"

place(i, pd, u) := {"instansi": i, "perangkat_daerah": pd, "unit": u}

exchange(done) := {
	"mechanism": "penunjukan",
	"form": "individu",
	"pemilik_kinerja": {"place": place("kab-a", "pd-a", "unit-a"), "penilai_kinerja": "NIP-PK-A"},
	"pegawai": {"id": "NIP-JF-B", "place": place("kab-b", "pd-b", "unit-b"), "penilai_kinerja": "NIP-PK-B"},
	"steps_done": done,
}

actor_holding(binding, ex) := {
	"id": "NIP-PEJABAT",
	"instansi": ex[binding.side].place.instansi,
	"officiates": [{"as": binding.as, "of": ex[binding.side].place[binding.level]}],
} if {
	binding.kind == "office"
} else := {
	"id": ex[binding.side][binding.field],
	"instansi": ex[binding.side].place.instansi,
	"officiates": [],
}

role_actor(pid, role, ex) := actor_holding(profiles[pid].penugasan.actors[role].binding, ex)

# Every decision the tests look at is also checked against the whole policy: an allowed decision has no refusal,
# a denied one explains itself with its refusals (or the default refusal when nothing permits it).
decide(inp) := d if {
	d := lintas_instansi.decision with input as inp
	refusals := lintas_instansi.refusals with input as inp
	agrees_with_refusals(d, refusals)
	same_as_full_rules(d, inp)
}

# A decision taken from the act table (tables.rego) is the one the full rules give, compared as the JSON the
# sidecar answers with.
same_as_full_rules(d, inp) if json.marshal(d) == json.marshal(lintas_instansi.full_decision) with input as inp

agrees_with_refusals(d, refusals) if {
	d.allow
	count(refusals) == 0
}

agrees_with_refusals(d, refusals) if {
	not d.allow
	d.reasons == refusals
	count(refusals) > 0
}

agrees_with_refusals(d, refusals) if {
	not d.allow
	count(refusals) == 0
	codes(d) == {"lintas_instansi.not_permitted"}
}

codes(d) := {r.code | some r in d.reasons}

has_reason(d, code, source) if {
	some r in d.reasons
	r.code == code
	r.source == source
}

li_flow(pid) := profiles[pid].penugasan.mechanisms.penunjukan.scopes.lintas_instansi

side_of(pid, role) := profiles[pid].penugasan.actors[role].binding.side

other_side := {"pemilik_kinerja": "pegawai", "pegawai": "pemilik_kinerja"}

# A participant on a side: any actor role of that side used in the flow (the first one found).
participant_role(pid, side) := sort({r |
	some s in li_flow(pid).steps
	some r in s.actors
	side_of(pid, r) == side
})[0]

seeded_with_exchange := {p | some p, prof in profiles; prof.penugasan.mechanisms.penunjukan.scopes.lintas_instansi.allowed == true}

act_input(pid, actor, step) := {
	"action": "lintas_instansi.act", "profile": pid, "actor": actor,
	"resource": {"kind": "exchange", "exchange": exchange([]), "step": step},
}

# ------------------------------------------------------------------ every lintas instansi step, every profile

# Each step may be taken by an actor of another instansi holding one of its own side's roles.
act_failures contains sprintf("%s %s %s", [pid, s.id, r]) if {
	some pid in seeded_with_exchange
	some s in li_flow(pid).steps
	not s.forms
	some r in s.actors
	d := decide(act_input(pid, role_actor(pid, r, exchange([])), s.id))
	not act_allowed(d, s)
}

act_allowed(d, s) if {
	d.allow
	has_reason(d, "lintas_instansi.own_side_step", s.source)
	d.obligations.also_decide == "sikerja.penugasan"
}

# ... and is refused to a participant of the other side when no role of that side takes it.
other_side_failures contains sprintf("%s %s", [pid, s.id]) if {
	some pid in seeded_with_exchange
	some s in li_flow(pid).steps
	not s.forms
	sides := {side_of(pid, r) | some r in s.actors}
	count(sides) == 1
	some side in sides
	stranger := role_actor(pid, participant_role(pid, other_side[side]), exchange([]))
	d := decide(act_input(pid, stranger, s.id))
	not denied_with(d, "lintas_instansi.other_side_step", s.source)
}

denied_with(d, code, source) if {
	not d.allow
	has_reason(d, code, source)
}

# Documents: a side reads the document of a done step only when it is party to that step.
document_failures contains sprintf("%s %s %s", [pid, s.id, side]) if {
	some pid in seeded_with_exchange
	some s in li_flow(pid).steps
	not s.forms
	some side in ["pemilik_kinerja", "pegawai"]
	actor := role_actor(pid, participant_role(pid, side), exchange([s.id]))
	d := decide({
		"action": "lintas_instansi.read", "profile": pid, "actor": actor,
		"resource": {"kind": "document", "exchange": exchange([s.id]), "document": {"step": s.id}},
	})
	not document_rule_holds(pid, d, s, side)
}

party(pid, s, side) if {
	some k in ["actors", "signers", "addressees", "tembusan"]
	some r in s[k]
	side_of(pid, r) == side
}

document_rule_holds(pid, d, s, side) if {
	party(pid, s, side)
	d.allow
	has_reason(d, "lintas_instansi.document_party", s.source)
}

document_rule_holds(pid, d, s, side) if {
	not party(pid, s, side)
	denied_with(d, "lintas_instansi.document_not_shared", profiles[pid].lintas_instansi.visibility.source)
}

test_every_lintas_instansi_step_allowed_to_its_side if {
	print(act_failures)
	count(act_failures) == 0
}

test_every_lintas_instansi_step_denied_to_the_other_side if {
	print(other_side_failures)
	count(other_side_failures) == 0
}

test_every_lintas_instansi_document_shared_only_with_its_parties if {
	print(document_failures)
	count(document_failures) == 0
}

test_the_tables_are_not_empty if {
	count(seeded_with_exchange) == 5
	not smp in seeded_with_exchange
}

# ------------------------------------------------------------------ reading the exchange and the pegawai

jpr_pyb_b := {"id": "NIP-SEKDA-B", "instansi": "kab-b", "officiates": [{"as": "pejabat_yang_berwenang", "of": "kab-b"}]}

jpr_puo_a := {"id": "NIP-KADIS-A", "instansi": "kab-a", "officiates": [{"as": "puo", "of": "pd-a"}]}

test_exchange_read_by_participant_allowed_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "exchange", "exchange": exchange(["kirim_permohonan_ke_pyb", "teruskan_ke_pyb_dituju"])}})
	d.allow
	d.obligations.sides == ["pegawai"]
	d.obligations.roles == ["pejabat_yang_berwenang_asal"]
	d.obligations.visible_steps == ["teruskan_ke_pyb_dituju"]
	d.obligations.also_decide == null
}

test_exchange_read_by_non_participant_denied_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": {"id": "NIP-STAF-B", "instansi": "kab-b", "officiates": []}, "resource": {"kind": "exchange", "exchange": exchange([])}})
	not d.allow
	has_reason(d, "lintas_instansi.not_a_participant", profiles[jpr].lintas_instansi.visibility.source)
}

test_exchange_read_by_third_instansi_denied_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": {"id": "NIP-C", "instansi": "kab-c", "officiates": []}, "resource": {"kind": "exchange", "exchange": exchange([])}})
	not d.allow
	"lintas_instansi.not_a_party" in codes(d)
}

answered := ["kirim_permohonan_ke_pyb", "teruskan_ke_pyb_dituju", "instruksikan_puo_dituju", "jawab_tersedia", "kirim_jawaban_ke_pyb_pemohon"]

test_named_pegawai_read_by_requester_allowed_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_puo_a, "resource": {"kind": "pegawai", "pegawai_id": "NIP-JF-B", "exchange": exchange(answered)}})
	d.allow
	d.obligations.pegawai_fields == profiles[jpr].lintas_instansi.shared_pegawai_fields.fields
	has_reason(d, "lintas_instansi.pegawai_named", profiles[jpr].lintas_instansi.shared_pegawai_fields.source)
}

test_pegawai_read_before_being_named_denied_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_puo_a, "resource": {"kind": "pegawai", "pegawai_id": "NIP-JF-B", "exchange": exchange(["kirim_permohonan_ke_pyb"])}})
	not d.allow
	has_reason(d, "lintas_instansi.pegawai_not_shared", profiles[jpr].lintas_instansi.shared_pegawai_fields.source)
}

test_other_pegawai_read_denied_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_puo_a, "resource": {"kind": "pegawai", "pegawai_id": "NIP-LAIN-B", "exchange": exchange(answered)}})
	not d.allow
	"lintas_instansi.pegawai_not_shared" in codes(d)
}

test_own_pegawai_read_is_not_cross_instansi_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "pegawai", "pegawai_id": "NIP-LAIN-B", "exchange": exchange([])}})
	d.allow
	codes(d) == {"lintas_instansi.not_cross_instansi"}
	d.obligations == {}
}

test_unknown_document_denied_jpr if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "document", "exchange": exchange([]), "document": {"step": "surat_rahasia"}}})
	not d.allow
	"lintas_instansi.document_not_shared" in codes(d)
}

# ------------------------------------------------------------------ acting: Pejabat yang Berwenang per side

test_pyb_of_target_instructs_allowed_jpr if {
	d := decide(act_input(jpr, jpr_pyb_b, "instruksikan_puo_dituju"))
	d.allow
	some r in d.reasons
	contains(r.source, "Perbup Jepara 17/2024 Lampiran penunjukan angka 4) huruf c (baris 703)")
}

test_target_official_without_pyb_office_denied_jpr if {
	puo_b := {"id": "NIP-KADIS-B", "instansi": "kab-b", "officiates": [{"as": "puo", "of": "pd-b"}]}
	d := decide(act_input(jpr, puo_b, "instruksikan_puo_dituju"))
	not d.allow
	has_reason(d, "lintas_instansi.role_not_held", profiles[jpr].lintas_instansi.pejabat_yang_berwenang.source)
}

test_target_official_without_role_denied_pky if {
	pyb_b := {"id": "NIP-SEKDA-B", "instansi": "kab-b", "officiates": [{"as": "pejabat_yang_berwenang", "of": "kab-b"}, {"as": "puo", "of": "unit-b"}]}
	staf_b := {"id": "NIP-STAF-B", "instansi": "kab-b", "officiates": [{"as": "puo", "of": "unit-lain"}]}
	allowed := decide(act_input(pky, pyb_b, "setujui_pelibatan"))
	allowed.allow
	denied := decide(act_input(pky, staf_b, "setujui_pelibatan"))
	not denied.allow
	"lintas_instansi.not_a_participant" in codes(denied)
}

# Palangka Raya has one Pejabat yang Berwenang, on the requesting side: the target instansi's PyB has no step.
test_target_pyb_has_no_step_pky if {
	pyb_b := {"id": "NIP-SEKDA-B", "instansi": "kab-b", "officiates": [{"as": "pejabat_yang_berwenang", "of": "kab-b"}]}
	d := decide(act_input(pky, pyb_b, "kirim_surat_pelibatan"))
	not d.allow
	"lintas_instansi.not_a_participant" in codes(d)
}

test_requester_role_held_required_for_own_side_step_jpr if {
	jpr_pyb_a_wrong := {"id": "NIP-X", "instansi": "kab-a", "officiates": [{"as": "puo", "of": "pd-a"}]}
	d := decide(act_input(jpr, jpr_pyb_a_wrong, "teruskan_ke_pyb_dituju"))
	not d.allow
	"lintas_instansi.role_not_held" in codes(d)
}

test_unknown_step_denied_jpr if {
	d := decide(act_input(jpr, jpr_pyb_b, "langkah_hantu"))
	not d.allow
	"lintas_instansi.unknown_step" in codes(d)
}

# ------------------------------------------------------------------ profile without lintas instansi; other data

test_exchange_under_profile_without_lintas_instansi_denied_smp if {
	d := decide({"action": "lintas_instansi.read", "profile": smp, "actor": jpr_pyb_b, "resource": {"kind": "exchange", "exchange": exchange([])}})
	not d.allow
	some r in d.reasons
	r.code == "lintas_instansi.no_exchange_in_profile"
	contains(r.source, "Perbup Sumenep 9/2024 Pasal 12 ayat (1) (baris 137-140)")
}

test_exchange_with_unknown_mechanism_denied if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "exchange", "exchange": object.union(exchange([]), {"mechanism": "mutasi"})}})
	not d.allow
	"lintas_instansi.unknown_mechanism" in codes(d)
}

test_other_instansi_data_denied if {
	every kind in ["kinerja", "organisation", "tim_kerja", "skp"] {
		d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": kind, "instansi": "kab-a"}})
		not d.allow
		codes(d) == {"lintas_instansi.other_data"}
	}
}

test_own_instansi_data_not_cross_instansi if {
	d := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "kinerja", "instansi": "kab-b"}})
	d.allow
	codes(d) == {"lintas_instansi.not_cross_instansi"}
}

test_exchange_inside_one_instansi_is_not_cross_instansi if {
	inner := object.union(exchange([]), {"pegawai": {"place": place("kab-a", "pd-z", "unit-z")}})
	own := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_puo_a, "resource": {"kind": "exchange", "exchange": inner}})
	own.allow
	outsider := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "exchange", "exchange": inner}})
	not outsider.allow
	"lintas_instansi.not_a_party" in codes(outsider)
}

# ------------------------------------------------------------------ malformed input

test_empty_input_denied if {
	d := decide({})
	not d.allow
	"lintas_instansi.invalid_input" in codes(d)
}

test_non_object_input_denied if {
	d := decide(["lintas_instansi.read"])
	not d.allow
	"lintas_instansi.invalid_input" in codes(d)
}

test_unknown_action_denied if {
	d := decide({"action": "lintas_instansi.delete", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "kinerja", "instansi": "kab-b"}})
	not d.allow
	codes(d) == {"lintas_instansi.unknown_action"}
}

test_unknown_profile_denied if {
	d := decide({"action": "lintas_instansi.read", "profile": "perbup-entah-1-2099", "actor": jpr_pyb_b, "resource": {"kind": "kinerja", "instansi": "kab-b"}})
	not d.allow
	codes(d) == {"lintas_instansi.unknown_profile"}
}

test_incomplete_exchange_denied if {
	d := decide({"action": "lintas_instansi.act", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "exchange", "exchange": {}}})
	not d.allow
	problems := {r.message | some r in d.reasons; r.code == "lintas_instansi.invalid_input"}
	count(problems) == 5
}

test_missing_document_and_pegawai_ids_denied if {
	doc := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "document", "exchange": exchange([])}})
	not doc.allow
	"lintas_instansi.invalid_input" in codes(doc)
	peg := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "pegawai", "exchange": exchange([])}})
	not peg.allow
	"lintas_instansi.invalid_input" in codes(peg)
	other := decide({"action": "lintas_instansi.read", "profile": jpr, "actor": jpr_pyb_b, "resource": {"kind": "kinerja"}})
	not other.allow
	"lintas_instansi.invalid_input" in codes(other)
}

# ------------------------------------------------------------------ the act table (tables.rego)

tabled(inp) if lintas_instansi.answered_from_table with input as inp

jpr_instruct := {
	"action": "lintas_instansi.act", "profile": jpr, "actor": jpr_pyb_b,
	"resource": {
		"kind": "exchange", "step": "instruksikan_puo_dituju",
		"exchange": exchange(["kirim_permohonan_ke_pyb", "teruskan_ke_pyb_dituju"]),
	},
}

# An open step acted on by its side is answered from the table, with the decision the full rules give (decide).
test_open_step_act_answered_from_the_table_jpr if {
	tabled(jpr_instruct)
	d := decide(jpr_instruct)
	d.allow
	d.obligations.roles == ["pejabat_yang_berwenang_asal"]
	d.obligations.visible_steps == ["teruskan_ke_pyb_dituju"]
}

# The first step of every lintas instansi flow, taken by its own side, is answered from the table.
test_first_steps_answered_from_the_table if {
	missing := {sprintf("%s %s", [pid, s.id]) |
		some pid in seeded_with_exchange
		some s in li_flow(pid).steps
		not s.forms
		s.after == []
		not s.after_any
		some r in s.actors
		not tabled(act_input(pid, role_actor(pid, r, exchange([])), s.id))
	}
	missing == set()
}

# The roles of the actor's side it holds are computed per decision: holding two, it is given both.
test_actor_holding_two_roles_given_both_jpr if {
	both := json.patch(jpr_instruct, [{"op": "add", "path": "/actor/officiates/-", "value": {"as": "puo", "of": "pd-b"}}])
	tabled(both)
	d := decide(both)
	d.allow
	count(d.obligations.roles) == 2
}

# What the full rules refuse, or answer otherwise than an act on an exchange, never comes from the table.
test_malformed_or_other_acts_never_answered_from_the_table_jpr if {
	others := [
		json.patch(jpr_instruct, [{"op": "replace", "path": "/actor/id", "value": 7}]),
		json.patch(jpr_instruct, [{"op": "replace", "path": "/resource/exchange/pegawai/place/unit", "value": 7}]),
		json.patch(jpr_instruct, [{"op": "replace", "path": "/actor/instansi", "value": "kab-c"}]),
		json.patch(jpr_instruct, [{"op": "replace", "path": "/actor/officiates", "value": []}]),
	]
	every inp in others {
		not tabled(inp)
		not decide(inp).allow
	}

	# Answered by the full rules (decide checks them), which do not ask steps_done to hold only strings.
	untabled := [
		json.patch(jpr_instruct, [{"op": "replace", "path": "/resource/kind", "value": "pegawai"}]),
		json.patch(jpr_instruct, [{"op": "replace", "path": "/resource/exchange/steps_done", "value": ["kirim_permohonan_ke_pyb", 2]}]),
		json.patch(jpr_instruct, [{"op": "replace", "path": "/resource/exchange/pegawai/place/instansi", "value": "kab-a"}]),
	]
	every inp in untabled {
		not tabled(inp)
		decide(inp)
	}
}

# The rows the generator computes for the states after the first step of the Jepara flow are the committed rows.
test_table_rows_are_the_committed_rows_jpr if {
	state := {"profile": jpr, "mechanism": "penunjukan", "scope": "lintas_instansi", "form": "individu", "steps_done": ["kirim_permohonan_ke_pyb"]}
	rows := lintas_instansi.table_rows with input as {"table_states": [state]}
	count(rows) > 0
	every row in rows {
		row.allowed
		json.marshal(data.sikerja.tables.lintas_instansi[row.key]) == json.marshal(row.entry)
	}
}

# A read of the exchange by a participant of either side is answered from the table as well; a non-participant
# or a third instansi is not, and is refused.
test_exchange_read_answered_from_the_table_jpr if {
	read := json.remove(json.patch(jpr_instruct, [{"op": "replace", "path": "/action", "value": "lintas_instansi.read"}]), ["resource/step"])
	tabled(read)
	d := decide(read)
	d.allow
	d.obligations.visible_steps == ["teruskan_ke_pyb_dituju"]
	requester := json.patch(read, [{"op": "replace", "path": "/actor", "value": jpr_puo_a}])
	tabled(requester)
	decide(requester).allow
	outsiders := [
		json.patch(read, [{"op": "replace", "path": "/actor/officiates", "value": []}]),
		json.patch(read, [{"op": "replace", "path": "/actor/instansi", "value": "kab-c"}]),
	]
	every inp in outsiders {
		not tabled(inp)
		not decide(inp).allow
	}
}
