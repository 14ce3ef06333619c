# METADATA
# title: Penugasan (assignment of Pejabat Fungsional and Pelaksana)
# description: |
#   Who may assign whom, by which mechanism (penunjukan, pengajuan sukarela), in which scope, and who takes
#   each step of the flow. The flows are data: profiles/<id>/penugasan/data.json lists, per mechanism and
#   scope, the ordered steps with their actor, document, signer, addressee and tembusan. This policy is
#   generic over profiles: it resolves the scope (sikerja.boundary), finds the flow and the step, checks
#   order, actor, required contents and rejection reasons, and returns the step's obligations.
package sikerja.penugasan

import data.sikerja.boundary

# METADATA
# title: Decision
# description: The structured decision {allow, reasons, obligations} for a penugasan action.
# entrypoint: true
decision := row.decision if {
	row := data.sikerja.tables.penugasan[table_key]
	tabled_step_holds(row)
} else := full_decision

# The decision by the rules below; decision takes it from the step table (tables.rego) when the input names a
# tabled step, and the table holds exactly what this gives for it.
full_decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": obligations,
}

default allow := false

# allow is derived positively, one rule body per kind of action, so that an allowed decision does not evaluate
# every refusal rule; refusals are only evaluated to explain a denial. Each condition below excludes one or more
# refusal rules (is_open: out of order, done, closed, ended); every decision in the policy tests is checked against
# the full set of refusals (penugasan_test.decide), so the two cannot drift apart unnoticed.
allow if {
	step_action
	ready
	s := current
	s.action == verb
	is_open(s, flow_state)
	holds_any(s.actors)
	pegawai_named_if_assigning(s)
	every item in object.get(s, "required_contents", []) {
		content_present(item.field)
	}
	reasons_given_if_required(s)
	document_kind_fits(s)
	every d in done {
		d in flow_step_ids
	}
	count(open_candidates) <= 1
}

allow if {
	input.action == "penugasan.withdraw"
	ready
	count(done) > 0
	holds_role(flow.initiator)
	not flow_state.ended
	every t in flow_steps {
		not assigned_by(t)
	}
	every d in done {
		d in flow_step_ids
	}
}

assigned_by(t) if {
	t.id in done
	t.assigns == true
}

pegawai_named_if_assigning(s) if object.get(s, "assigns", false) != true

pegawai_named_if_assigning(_) if is_string(field(["resource", "pegawai", "id"]))

reasons_given_if_required(s) if s.action != "reject"

reasons_given_if_required(s) if object.get(s, "reasons_required", false) != true

reasons_given_if_required(_) if given_reasons != ""

document_kind_fits(_) if not is_string(field(["resource", "document", "kind"]))

document_kind_fits(s) if input.resource.document.kind in step_documents(s)

reasons := explanations if allow

else := refusals if count(refusals) > 0

else := {{
	"code": "penugasan.not_permitted",
	"message": "Tidak ada aturan yang mengizinkan tindakan ini.",
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
}}

obligations := step_obligations if {
	allow
	step_action
} else := withdraw_obligations if {
	allow
	input.action == "penugasan.withdraw"
} else := {}

# ------------------------------------------------------------------ vocabulary

# The actions that take a step of a flow (a step's action is the part after "penugasan."). Spelled out rather
# than built with sprintf: a set built per evaluation costs more than many a whole decision.
step_action_names := {
	"penugasan.submit", "penugasan.forward", "penugasan.instruct", "penugasan.recommend", "penugasan.propose",
	"penugasan.approve", "penugasan.reject", "penugasan.draft", "penugasan.sign", "penugasan.issue",
	"penugasan.receive", "penugasan.record", "penugasan.report",
}

known_actions := step_action_names | {"penugasan.withdraw"}

forms := {"individu", "tim_kerja"}

scope_labels := {
	"dalam_unit_organisasi": "di dalam unit organisasi",
	"lintas_unit_organisasi": "lintas unit organisasi",
	"lintas_perangkat_daerah": "lintas Perangkat Daerah",
	"lintas_instansi": "lintas instansi",
}

mechanism_labels := {"penunjukan": "penunjukan", "pengajuan_sukarela": "pengajuan sukarela"}

platform_input_source := "Sikerja: masukan keputusan mengikuti policies/schemas/input/penugasan.schema.json"

# ------------------------------------------------------------------ input

verb := trim_prefix(input.action, "penugasan.")

# The input action is one of the step actions.
step_action if input.action in step_action_names

# A field of the input by path, null when absent (a negated call on an undefined reference is itself undefined).
field(path) := object.get(input, path, null)

input_is_object if is_object(input)

input_problems contains "input" if not input_is_object

input_problems contains "action" if not is_string(field(["action"]))

input_problems contains "profile" if not is_string(field(["profile"]))

input_problems contains "actor.id" if not is_string(field(["actor", "id"]))

input_problems contains "actor.officiates" if {
	input.actor.officiates
	not is_array(input.actor.officiates)
}

input_problems contains "resource.mechanism" if not is_string(field(["resource", "mechanism"]))

input_problems contains "resource.pemilik_kinerja.place" if not boundary.complete_place(field(["resource", "pemilik_kinerja", "place"]))

input_problems contains "resource.pegawai.place" if not boundary.complete_place(field(["resource", "pegawai", "place"]))

input_problems contains "resource.steps_done" if not is_array(field(["resource", "steps_done"]))

input_problems contains "resource.steps_done" if {
	some d in input.resource.steps_done
	not is_string(d)
}

input_problems contains "resource.step" if {
	object.get(input.resource, "step", "") != ""
	not is_string(input.resource.step)
}

input_problems contains "resource.form" if {
	object.get(input.resource, "form", "individu") != "individu"
	not input.resource.form in forms
}

# input_valid holds exactly when input_problems is empty. It is checked positively, in one rule body, so that a
# valid input does not evaluate every problem rule; input_problems is only evaluated to explain a refusal.
input_valid if {
	is_object(input)
	is_string(input.action)
	is_string(input.profile)
	is_string(input.actor.id)
	officiates_valid
	is_string(input.resource.mechanism)
	boundary.complete_place(input.resource.pemilik_kinerja.place)
	boundary.complete_place(input.resource.pegawai.place)
	is_array(input.resource.steps_done)
	count([d | some d in input.resource.steps_done; not is_string(d)]) == 0
	step_field_valid
	object.get(input.resource, "form", "individu") in forms
}

officiates_valid if not input.actor.officiates

officiates_valid if is_array(input.actor.officiates)

step_field_valid if object.get(input.resource, "step", "") == ""

step_field_valid if is_string(input.resource.step)

# ------------------------------------------------------------------ profile, flow, scope

profile := data.sikerja.profiles[input.profile].penugasan

mechanism := profile.mechanisms[input.resource.mechanism]

scope := boundary.scope_between(input.resource.pemilik_kinerja.place, input.resource.pegawai.place)

flow := mechanism.scopes[scope]

form := object.get(input.resource, "form", profile.forms.default)

# ready: the input is well formed and names a known action, profile and mechanism, and the profile
# allows that mechanism in this scope. Step checks only run when ready.
ready if {
	input_valid
	input.action in known_actions
	flow.allowed == true
}

# The steps of the flow that apply to the form (a step without forms applies to every form; by the profile
# schema, forms is a non-empty array when present).
flow_steps := [s | some s in flow.steps; form in object.get(s, "forms", [form])]

done := {d | some d in input.resource.steps_done}

flow_step_ids := {s.id | some s in flow_steps}

# The state of the flow after the steps d were done: d, the steps closed because an alternative to them was
# taken, and whether a step that ends the flow was done. Computed once per set of done steps.
state_after(d) := {
	"done": d,
	"closed": closed,
	"ended": ended(d),
	"pending": (flow_step_ids - d) - closed,
} if {
	closed := {e | some t in flow_steps; t.id in d; some e in object.get(t, "exclusive_with", [])}
}

ended(d) if {
	some t in flow_steps
	t.id in d
	t.ends_flow == true
} else := false

flow_state := state_after(done)

ended_now if flow_state.ended

# A step is open when it is not done, all its predecessors are done (and one of after_any, if any),
# no alternative to it was taken and the flow has not ended (by the profile schema, after is an array,
# after_any a non-empty array when present). Written without negation: next_steps asks it of every step of
# the flow on every allowed decision, and a negated expression costs a sub-evaluation each time.
is_open(s, st) if {
	st.ended == false
	s.id in st.pending
	count([a | some a in s.after; a in st.done]) == count(s.after)
	any_after_met(s, st.done)
	count([e | some e in object.get(s, "exclusive_with", []); e in st.done]) == 0
}

any_after_met(s, _) if object.get(s, "after_any", []) == []

any_after_met(s, d) if {
	some a in s.after_any
	a in d
}

excluded(s, st) if s.id in st.closed

excluded(s, st) if {
	some e in object.get(s, "exclusive_with", [])
	e in st.done
}

missing_predecessors(s) := {a | some a in s.after; not a in done}

after_any_unmet(s) if not any_after_met(s, done)

# ------------------------------------------------------------------ actors

# METADATA
# title: Holds binding
# description: |
#   Whether actor holds a role binding of the profile relative to an exchange (a penugasan resource):
#   an office binding is held by whoever officiates {as, of: exchange[side].place[level]}; a person
#   binding by the person whose NIP is exchange[side][field]. Used by sikerja.lintas_instansi as well.
holds_binding(binding, actor, exchange) if {
	binding.kind == "office"
	some o in object.get(actor, "officiates", [])
	o.as == binding.as
	o.of == exchange[binding.side].place[binding.level]
}

holds_binding(binding, actor, exchange) if {
	binding.kind == "person"
	is_string(actor.id)
	actor.id == exchange[binding.side][binding.field]
}

holds_role(role) if holds_binding(profile.actors[role].binding, input.actor, input.resource)

holds_any(roles) if {
	some r in roles
	holds_role(r)
}

role_title(role) := profile.actors[role].title

role_title(role) := role if not profile.actors[role]

titles(roles) := concat(" atau ", [role_title(r) | some r in roles])

# ------------------------------------------------------------------ the step taken

open_candidates contains s if {
	not input.resource.step
	some s in flow_steps
	s.action == verb
	is_open(s, flow_state)
	holds_any(s.actors)
}

current := s if {
	is_string(input.resource.step)
	some s in flow_steps
	s.id == input.resource.step
}

current := s if {
	not input.resource.step
	count(open_candidates) == 1
	some s in open_candidates
}

open_with_action contains s if {
	some s in flow_steps
	s.action == verb
	is_open(s, flow_state)
}

has_record_step if {
	some s in flow_steps
	s.action == "record"
}

permitted if {
	step_check
	current
}

step_check if {
	step_action
	ready
}

permitted if {
	input.action == "penugasan.withdraw"
	ready
}

document_value(field) := trim_space(input.resource.document.contents[field])

missing_contents contains item if {
	some item in object.get(current, "required_contents", [])
	not content_present(item.field)
}

content_present(field) if document_value(field) != ""

given_reasons := trim_space(input.resource.reasons) if is_string(input.resource.reasons)

else := ""

# ------------------------------------------------------------------ refusals

refusals contains {
	"code": "penugasan.invalid_input",
	"message": sprintf("Masukan tidak lengkap atau tidak sah: %s.", [p]),
	"source": platform_input_source,
} if {
	some p in input_problems
}

refusals contains {
	"code": "penugasan.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan penugasan.", [input.action]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	is_string(input.action)
	not input.action in known_actions
}

refusals contains {
	"code": "penugasan.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal atau tidak memuat aturan penugasan.", [input.profile]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	is_string(input.profile)
	not profile
}

refusals contains {
	"code": "penugasan.unknown_mechanism",
	"message": sprintf("Mekanisme penugasan %v tidak dikenal; yang dikenal: penunjukan dan pengajuan sukarela.", [input.resource.mechanism]),
	"source": "Kelima perkada: penugasan melalui penunjukan dan/atau pengajuan sukarela (workflows.md §1.1)",
} if {
	is_string(input.resource.mechanism)
	profile
	not mechanism
}

refusals contains {
	"code": "penugasan.scope_not_allowed",
	"message": sprintf("%s %s tidak diatur dalam profil regulasi ini.", [mechanism_labels[input.resource.mechanism], scope_labels[scope]]),
	"source": flow.source,
} if {
	input_valid
	flow.allowed == false
}

refusals contains {
	"code": "penugasan.written_request_required",
	"message": sprintf("Permohonan lisan hanya dikenal pada pengajuan sukarela di dalam unit organisasi; %s %s memerlukan %s.", [mechanism_labels[input.resource.mechanism], scope_labels[scope], document_label(flow_steps[0].document)]),
	"source": flow_steps[0].source,
} if {
	input.action == "penugasan.record"
	ready
	not has_record_step
}

document_label(kind) := replace(kind, "_", " ") if is_string(kind)

else := "penugasan langsung"

refusals contains {
	"code": "penugasan.unknown_step",
	"message": sprintf("Langkah %v tidak ada dalam alur %s %s untuk bentuk %s.", [input.resource.step, mechanism_labels[input.resource.mechanism], scope_labels[scope], form]),
	"source": flow.source,
} if {
	step_check
	is_string(input.resource.step)
	not current
}

refusals contains {
	"code": "penugasan.unknown_step",
	"message": sprintf("Langkah %v yang tercatat sudah dilakukan tidak ada dalam alur ini.", [d]),
	"source": flow.source,
} if {
	ready
	some d in done
	not d in flow_step_ids
}

refusals contains {
	"code": "penugasan.no_open_step",
	"message": sprintf("Tidak ada langkah '%s' yang terbuka dalam alur ini saat ini.", [verb]),
	"source": flow.source,
} if {
	step_check
	not input.resource.step
	count(open_with_action) == 0
	not record_without_record_step
}

record_without_record_step if {
	input.action == "penugasan.record"
	not has_record_step
}

refusals contains {
	"code": "penugasan.wrong_actor",
	"message": sprintf("Langkah '%s' dilakukan oleh %s.", [s.id, titles(s.actors)]),
	"source": s.source,
} if {
	ready
	not input.resource.step
	count(open_candidates) == 0
	some s in open_with_action
}

refusals contains {
	"code": "penugasan.ambiguous_step",
	"message": sprintf("Lebih dari satu langkah '%s' terbuka untuk pengguna ini; sebutkan langkahnya.", [verb]),
	"source": platform_input_source,
} if {
	ready
	count(open_candidates) > 1
}

refusals contains {
	"code": "penugasan.step_action_mismatch",
	"message": sprintf("Langkah '%s' adalah tindakan '%s', bukan '%s'.", [current.id, current.action, verb]),
	"source": current.source,
} if {
	step_check
	current.action != verb
}

refusals contains {
	"code": "penugasan.step_already_done",
	"message": sprintf("Langkah '%s' sudah dilakukan.", [current.id]),
	"source": current.source,
} if {
	step_check
	current.id in done
}

refusals contains {
	"code": "penugasan.flow_ended",
	"message": "Alur penugasan ini sudah berakhir (ditolak atau selesai).",
	"source": t.source,
} if {
	ready
	ended_now
	some t in flow_steps
	t.id in done
	t.ends_flow == true
}

refusals contains {
	"code": "penugasan.step_out_of_order",
	"message": sprintf("Langkah '%s' baru dapat dilakukan setelah: %s.", [current.id, concat(", ", missing_predecessors(current))]),
	"source": current.source,
} if {
	step_check
	not current.id in done
	count(missing_predecessors(current)) > 0
}

refusals contains {
	"code": "penugasan.step_out_of_order",
	"message": sprintf("Langkah '%s' baru dapat dilakukan setelah salah satu dari: %s.", [current.id, concat(", ", current.after_any)]),
	"source": current.source,
} if {
	step_check
	not current.id in done
	after_any_unmet(current)
}

refusals contains {
	"code": "penugasan.home_approval_required",
	"message": sprintf("Persetujuan pihak sendiri ('%s') harus diperoleh lebih dahulu.", [home.step]),
	"source": home.source,
} if {
	step_check
	home := flow.home_approval_first
	not home.step in done
	current.id != home.step
	not home.step in object.get(current, "exclusive_with", [])
	count(missing_predecessors(current)) > 0
}

refusals contains {
	"code": "penugasan.step_closed",
	"message": sprintf("Langkah '%s' tertutup karena alternatifnya sudah diambil.", [current.id]),
	"source": current.source,
} if {
	step_check
	not current.id in done
	excluded(current, flow_state)
}

refusals contains {
	"code": "penugasan.wrong_actor",
	"message": sprintf("Langkah '%s' dilakukan oleh %s.", [current.id, titles(current.actors)]),
	"source": current.source,
} if {
	step_check
	not holds_any(current.actors)
}

refusals contains {
	"code": "penugasan.pegawai_not_named",
	"message": "Bukti penugasan harus menyebut pegawai yang ditugaskan (NIP).",
	"source": current.source,
} if {
	step_check
	current.assigns == true
	not is_string(field(["resource", "pegawai", "id"]))
}

refusals contains {
	"code": "penugasan.missing_contents",
	"message": sprintf("Dokumen belum memuat %s.", [item.label]),
	"source": item.source,
} if {
	step_check
	some item in missing_contents
}

refusals contains {
	"code": "penugasan.reasons_required",
	"message": "Penolakan harus disertai alasan mengapa permohonan tidak dapat disetujui.",
	"source": current.source,
} if {
	step_check
	current.action == "reject"
	current.reasons_required == true
	given_reasons == ""
}

refusals contains {
	"code": "penugasan.wrong_document",
	"message": sprintf("Langkah '%s' memakai %s, bukan %v.", [current.id, concat(" atau ", step_documents(current)), input.resource.document.kind]),
	"source": current.source,
} if {
	step_check
	is_string(input.resource.document.kind)
	not input.resource.document.kind in step_documents(current)
}

step_documents(s) := {d | some d in array.concat([s.document], object.get(s, "document_alternatives", [])); is_string(d)}

refusals contains {
	"code": "penugasan.nothing_to_withdraw",
	"message": "Belum ada permohonan yang dapat ditarik.",
	"source": profile.common_rules.withdraw.source,
} if {
	input.action == "penugasan.withdraw"
	ready
	count(done) == 0
}

refusals contains {
	"code": "penugasan.withdraw_not_initiator",
	"message": sprintf("Permohonan hanya dapat ditarik oleh pemrakarsanya (%s).", [role_title(flow.initiator)]),
	"source": profile.common_rules.withdraw.source,
} if {
	input.action == "penugasan.withdraw"
	ready
	not holds_role(flow.initiator)
}

refusals contains {
	"code": "penugasan.withdraw_after_assignment",
	"message": "Penugasan sudah ditetapkan; permohonan tidak dapat ditarik lagi.",
	"source": t.source,
} if {
	input.action == "penugasan.withdraw"
	ready
	some t in flow_steps
	t.id in done
	t.assigns == true
}

# ------------------------------------------------------------------ explanations (on allow)

explanations contains {
	"code": "penugasan.scope_allowed",
	"message": sprintf("Diizinkan: %s %s diatur dalam profil regulasi.", [mechanism_labels[input.resource.mechanism], scope_labels[scope]]),
	"source": flow.source,
} if allow

explanations contains {
	"code": "penugasan.step_allowed",
	"message": sprintf("Diizinkan: langkah '%s' oleh %s.", [current.id, titles(current.actors)]),
	"source": current.source,
} if {
	allow
	step_action
}

explanations contains {
	"code": "penugasan.contents_complete",
	"message": sprintf("Isi dokumen lengkap: %s.", [concat("; ", [item.label | some item in current.required_contents])]),
	"source": concat("; ", [item.source | some item in current.required_contents]),
} if {
	allow
	step_action
	count(object.get(current, "required_contents", [])) > 0
}

explanations contains {
	"code": "penugasan.reasons_given",
	"message": "Penolakan disertai alasan.",
	"source": current.source,
} if {
	allow
	current.action == "reject"
	current.reasons_required == true
}

explanations contains {
	"code": "penugasan.withdraw_allowed",
	"message": "Diizinkan: pemrakarsa menarik permohonan sebelum penugasan ditetapkan.",
	"source": profile.common_rules.withdraw.source,
} if {
	allow
	input.action == "penugasan.withdraw"
}

# ------------------------------------------------------------------ obligations

step_brief(s) := {"id": s.id, "action": s.action, "actors": s.actors}

after_step := state_after(done | {current.id})

step_obligations := {
	"mechanism": input.resource.mechanism,
	"scope": scope,
	"form": form,
	"step": step_brief(current),
	"document": current.document,
	"document_alternatives": object.get(current, "document_alternatives", []),
	"attachments": object.get(current, "attachments", []),
	"signers": current.signers,
	"addressees": current.addressees,
	"tembusan": current.tembusan,
	"reasons_required": object.get(current, "reasons_required", false),
	"assigns": object.get(current, "assigns", false),
	"ends_flow": object.get(current, "ends_flow", false),
	"next_steps": [step_brief(s) | some s in flow_steps; is_open(s, after_step)],
	"source": current.source,
}

withdraw_obligations := {
	"mechanism": input.resource.mechanism,
	"scope": scope,
	"form": form,
	"ends_flow": true,
	"notify": sort({r |
		some s in flow_steps
		s.id in done
		some r in array.concat(s.addressees, s.tembusan)
	}),
	"source": profile.common_rules.withdraw.source,
}
