package sikerja.lintas_instansi

import data.sikerja.penugasan

# ------------------------------------------------------------------ act table (the fast path of an allowed act)
#
# The same idea as the penugasan step table (penugasan/tables.rego): acting in a lintas instansi exchange is
# asked on every cross-instansi transition, right after penugasan allowed the step, and nearly all its cost is work
# that does not depend on who acts. data.sikerja.tables.lintas_instansi (make policy-tables) holds, for every state
# of every lintas instansi flow a profile allows, every step open in it and each side that has an actor of that
# step, the reasons and obligations the rules above give, the roles of that side in the exchange (with their
# bindings) and the step's roles of that side. Which of the side's roles the actor holds is the one part computed
# per decision. A key the table lacks, or an input that does not meet the row, takes the full rules.

tabled_act_key := concat("/", [
	input.profile,
	ex.mechanism,
	"lintas_instansi",
	object.get(ex, "form", ""),
	concat(",", sort(ex.steps_done)),
	input.resource.step,
	tabled_side,
]) if {
	input.action == "lintas_instansi.act"
	input.resource.kind == "exchange"
	owner := ex.pemilik_kinerja.place
	home := ex.pegawai.place
	is_string(owner.instansi)
	is_string(owner.perangkat_daerah)
	is_string(owner.unit)
	is_string(home.instansi)
	is_string(home.perangkat_daerah)
	is_string(home.unit)
	owner.instansi != home.instansi
}

# The one side the actor's instansi is (the places of a lintas instansi exchange name two instansi).
tabled_side := "pemilik_kinerja" if input.actor.instansi == ex.pemilik_kinerja.place.instansi

else := "pegawai" if input.actor.instansi == ex.pegawai.place.instansi

tabled_act := data.sikerja.tables.lintas_instansi[tabled_act_key]

# The roles of the actor's side in this exchange that the actor holds (held_roles of the full rules).
tabled_held_roles := {c.role |
	some c in tabled_act.side_offices
	some o in input.actor.officiates
	o.as == c.binding.as
	o.of == ex[c.binding.side].place[c.binding.level]
} | {c.role |
	some c in tabled_act.side_persons
	input.actor.id == ex[c.binding.side][c.binding.field]
}

tabled_act_holds if {
	is_string(input.actor.id)
	some role in tabled_act.step_roles
	role in tabled_held_roles
}

tabled_act_decision := {
	"allow": true,
	"reasons": tabled_act.reasons,
	"obligations": object.union(tabled_act.obligations, {"roles": sort(tabled_held_roles)}),
}

# ------------------------------------------------------------------ computing the table (make policy-tables)

# Evaluated by the table generator with input {"table_states": [...]}, the states of the penugasan walk: for every
# state of a lintas instansi flow, every step open in it and each side with an actor of the step, the row the full
# rules give when an actor of that side holding the step's first role of the side acts.
table_rows contains row if {
	some state in input.table_states
	state.scope == "lintas_instansi"
	opened := penugasan.table_open_steps with input as penugasan.table_input(state, null)
	some step in opened
	some side in ["pemilik_kinerja", "pegawai"]
	roles := [r | some r in step.actors; data.sikerja.profiles[state.profile].penugasan.actors[r].binding.side == side]
	count(roles) > 0
	row := table_row(side) with input as table_input(state, step, roles[0])
}

table_input(state, step, role) := {
	"action": "lintas_instansi.act",
	"profile": state.profile,
	"actor": object.union(penugasan.table_actor(binding, exchange), {"instansi": exchange[binding.side].place.instansi}),
	"resource": {"kind": "exchange", "exchange": exchange, "step": step.id},
} if {
	exchange := penugasan.table_exchange(state)
	binding := data.sikerja.profiles[state.profile].penugasan.actors[role].binding
}

table_row(side) := {
	"key": tabled_act_key,
	"allowed": allow,
	"entry": {
		"side_offices": [c | some c in side_roles; c.binding.kind == "office"],
		"side_persons": [c | some c in side_roles; c.binding.kind == "person"],
		"step_roles": sort(own_side_actors(acting_step)),
		"reasons": reasons,
		"obligations": object.remove(obligations, ["roles"]),
	},
} if {
	side_roles := [{"role": r, "binding": profile.penugasan.actors[r].binding} |
		some r in sort(exchange_roles)
		role_side(r) == side
	]
}
