package sikerja.penugasan

import data.sikerja.boundary

# ------------------------------------------------------------------ step tables (the fast path of an allow)
#
# Taking a step of a flow is by far the most frequent penugasan decision, and most of its cost is work that does
# not depend on who acts: which steps are open after the steps done, the step's obligations, the explanations.
# That work is done ahead of time: data.sikerja.tables.penugasan (policies/sikerja/tables/penugasan/data.json,
# written by `make policy-tables`) holds, for every state of every flow a profile allows and every step open in it,
# the decision the rules above give when that step is taken by someone entitled to it, plus what an input must
# still satisfy for that decision to hold: who may act (role bindings), which contents, reasons and document kind.
#
# The table is a cache, never the rule: a key it lacks falls back to the full evaluation, and each row was computed
# by that full evaluation (table_row below). Two checks keep it honest: tests/contracts recompute the whole table
# and compare it with the committed one, and every decision in the policy tests is compared with the full
# evaluation (penugasan_test.decide).

# The key of the row an input names: its profile, mechanism, scope, form as given ("" when absent, since the
# profile's default applies then), the steps done in sorted order and the step to take, or, when the input names
# no step, its action (the full rules then take the one open step with that action that the actor may take; the
# table holds such a row only where one open step has that action). Undefined for an input whose places are
# incomplete or whose fields are not strings, which then takes the full evaluation. (The scope is computed here
# rather than in a rule of its own, and decision looks the row up itself: each rule in between costs allocations.)
table_key := concat("/", [
	input.profile,
	input.resource.mechanism,
	boundary.complete_scope_between(input.resource.pemilik_kinerja.place, input.resource.pegawai.place),
	object.get(input.resource, "form", ""),
	concat(",", sort(input.resource.steps_done)),
	object.get(input.resource, "step", input.action),
])

# Whether the input is answered from the table (decision asks the same, inline; tests and the benchmark ask this).
answered_from_table if tabled_step_holds(data.sikerja.tables.penugasan[table_key])

# The tabled decision holds when the input also satisfies what the row leaves to the input: the conditions of allow
# (above) that depend on more than the key. Written with direct references rather than the helpers of the full
# rules: on this path each helper costs more than the condition it checks.
tabled_step_holds(row) if {
	input.action == row.action
	object.get(input.resource, "step", null) == row.step
	is_string(input.actor.id)
	is_array(object.get(input.actor, "officiates", []))
	tabled_actor_entitled(row)
	object.get(input.resource, ["document", "kind"], null) in row.document_kinds
	tabled_inputs_given(row)
}

tabled_actor_entitled(row) if {
	some binding in row.offices
	some o in input.actor.officiates
	o.as == binding.as
	o.of == input.resource[binding.side].place[binding.level]
}

tabled_actor_entitled(row) if {
	some binding in row.persons
	input.actor.id == input.resource[binding.side][binding.field]
}

# Contents, reasons on a rejection and the pegawai's NIP on the step that assigns, where the step asks for them.
tabled_inputs_given(row) if row.asks_input == false

tabled_inputs_given(row) if {
	row.asks_input == true
	every field in row.contents {
		trim_space(input.resource.document.contents[field]) != ""
	}
	tabled_reasons_given(row)
	tabled_pegawai_named(row)
}

tabled_reasons_given(row) if row.reasons_required == false

tabled_reasons_given(_) if given_reasons != ""

tabled_pegawai_named(row) if row.assigns == false

tabled_pegawai_named(_) if is_string(input.resource.pegawai.id)

# ------------------------------------------------------------------ computing the table (make policy-tables)

# Evaluated by the table generator with input {"table_states": [{profile, mechanism, scope, form, steps_done}]}:
# for every state, one row per step open in it, each computed by the full evaluation of an input in which
# someone entitled to the step takes it with complete contents. "after" is the state the step leads to; the
# generator walks the flows breadth first from the empty state until no state is new.
table_rows contains row if {
	some state in input.table_states
	opened := table_open_steps with input as table_input(state, null)
	some step in opened
	row := table_row with input as table_input(state, step)
}

# The same step asked for by its action alone, where no other open step has that action.
table_rows contains row if {
	some state in input.table_states
	opened := table_open_steps with input as table_input(state, null)
	some step in opened
	count([s | some s in opened; s.action == step.action]) == 1
	row := table_row with input as json.remove(table_input(state, step), ["resource/step"])
}

# The states every walk starts from: each flow a profile allows, with its form given and absent.
table_start_states contains {
	"profile": pid, "mechanism": name, "scope": scope,
	"form": form, "steps_done": [],
} if {
	some pid, p in data.sikerja.profiles
	some name, m in p.penugasan.mechanisms
	some scope, f in m.scopes
	f.allowed == true
	some form in array.concat([null], p.penugasan.forms.values)
}

table_open_steps contains s if {
	some s in flow_steps
	is_open(s, flow_state)
}

table_row := {
	"key": table_key,
	"after": sort(done | {current.id}),
	"allowed": allow,
	"entry": {
		"action": input.action,
		"step": object.get(input.resource, "step", null),
		"offices": [b | some r in current.actors; b := profile.actors[r].binding; b.kind == "office"],
		"persons": [b | some r in current.actors; b := profile.actors[r].binding; b.kind == "person"],
		"contents": contents,
		"reasons_required": reasons_required,
		"assigns": assigns,
		"asks_input": true in {count(contents) > 0, reasons_required, assigns},
		"document_kinds": array.concat([null], sort(step_documents(current))),
		"decision": full_decision,
	},
} if {
	contents := [item.field | some item in object.get(current, "required_contents", [])]
	reasons_required := reasons_required_for(current)
	assigns := object.get(current, "assigns", false) == true
}

reasons_required_for(s) if {
	s.action == "reject"
	s.reasons_required == true
} else := false

# A synthetic exchange in the state's scope, and (for a step) an actor holding the step's first role.
table_places := {
	"dalam_unit_organisasi": {"instansi": "i1", "perangkat_daerah": "pd1", "unit": "u1"},
	"lintas_unit_organisasi": {"instansi": "i1", "perangkat_daerah": "pd1", "unit": "u2"},
	"lintas_perangkat_daerah": {"instansi": "i1", "perangkat_daerah": "pd2", "unit": "u2"},
	"lintas_instansi": {"instansi": "i2", "perangkat_daerah": "pd2", "unit": "u2"},
}

table_exchange(state) := object.union(
	{
		"mechanism": state.mechanism,
		"steps_done": state.steps_done,
		"pemilik_kinerja": {"place": table_places.dalam_unit_organisasi, "penilai_kinerja": "penilai-pemilik-kinerja"},
		"pegawai": {"id": "pegawai", "place": table_places[state.scope], "penilai_kinerja": "penilai-pegawai"},
	},
	{"form": state.form | is_string(state.form)},
)

table_input(state, null) := {
	"action": "penugasan.submit",
	"profile": state.profile,
	"actor": {"id": "pejabat", "officiates": []},
	"resource": table_exchange(state),
}

table_input(state, step) := {
	"action": concat("", ["penugasan.", step.action]),
	"profile": state.profile,
	"actor": table_actor(data.sikerja.profiles[state.profile].penugasan.actors[step.actors[0]].binding, ex),
	"resource": object.union(ex, {
		"step": step.id,
		"document": {"contents": {item.field: "isi" | some item in object.get(step, "required_contents", [])}},
		"reasons": "alasan",
	}),
} if {
	step != null
	ex := table_exchange(state)
}

table_actor(binding, ex) := {
	"id": "pejabat",
	"officiates": [{"as": binding.as, "of": ex[binding.side].place[binding.level]}],
} if {
	binding.kind == "office"
} else := {"id": ex[binding.side][binding.field], "officiates": []}
