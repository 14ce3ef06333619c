package sikerja.lintas_instansi

import data.sikerja.penugasan

# ------------------------------------------------------------------ exchange table (the fast path of an allow)
#
# The same idea as the penugasan step table (penugasan/tables.rego): acting in a lintas instansi exchange is
# asked on every cross-instansi transition, right after penugasan allowed the step, and reading the exchange each
# time its other side opens it; nearly all the cost is work that does not depend on who asks.
# data.sikerja.tables.lintas_instansi (make policy-tables) holds, for every state of every lintas instansi flow a
# profile allows and each side: a read row, and an act row for every step open in that state that has an actor of
# that side. A row holds the reasons and obligations the rules above give, the roles of the side in the exchange
# (with their bindings) and the roles that entitle (for an act: the step's roles of that side; for a read: every
# role of the side, a participant being anyone who holds one). Which of the side's roles the actor holds is the one
# part computed per decision. A key the table lacks, or an input that does not meet the row, takes the full rules.

# Every row is of a lintas instansi flow, so the key names that scope when both places are complete and name two
# instansi (as boundary.complete_scope_between gives it); any other input has no key and takes the full rules.
tabled_key := concat("/", [
	input.profile,
	exchange.mechanism,
	"lintas_instansi",
	object.get(exchange, "form", ""),
	concat(",", sort(exchange.steps_done)),
	input.action,
	object.get(input.resource, "step", ""),
	tabled_side,
]) if {
	input.resource.kind == "exchange"
	exchange := input.resource.exchange
	owner := exchange.pemilik_kinerja.place
	pegawai := exchange.pegawai.place
	is_string(owner.instansi)
	is_string(owner.perangkat_daerah)
	is_string(owner.unit)
	is_string(pegawai.instansi)
	is_string(pegawai.perangkat_daerah)
	is_string(pegawai.unit)
	owner.instansi != pegawai.instansi
}

# The one side the actor's instansi is (the places of a lintas instansi exchange name two instansi).
tabled_side := "pemilik_kinerja" if input.actor.instansi == ex.pemilik_kinerja.place.instansi

else := "pegawai" if input.actor.instansi == ex.pegawai.place.instansi

tabled_row := data.sikerja.tables.lintas_instansi[tabled_key]

# The roles of the actor's side in this exchange that the actor holds (held_roles of the full rules).
tabled_held_roles := {c.role |
	some c in tabled_row.side_offices
	some o in input.actor.officiates
	o.as == c.binding.as
	o.of == ex[c.binding.side].place[c.binding.level]
} | {c.role |
	some c in tabled_row.side_persons
	input.actor.id == ex[c.binding.side][c.binding.field]
}

answered_from_table if {
	is_string(input.actor.id)
	some role in tabled_row.entitling_roles
	role in tabled_held_roles
}

tabled_decision := {
	"allow": true,
	"reasons": tabled_row.reasons,
	"obligations": object.union(tabled_row.obligations, {"roles": sort(tabled_held_roles)}),
}

# ------------------------------------------------------------------ computing the table (make policy-tables)

# Evaluated by the table generator with input {"table_states": [...]}, the states of the penugasan walk: for every
# state of a lintas instansi flow and each side with a role in it, the rows the full rules give when an actor of
# that side holding one of its roles reads the exchange, or takes a step open in that state (holding the step's
# first role of the side).
table_rows contains row if {
	some state in input.table_states
	state.scope == "lintas_instansi"
	opened := penugasan.table_open_steps with input as penugasan.table_input(state, null)
	some step in opened
	some side in ["pemilik_kinerja", "pegawai"]
	roles := [r | some r in step.actors; data.sikerja.profiles[state.profile].penugasan.actors[r].binding.side == side]
	count(roles) > 0
	act := table_input(state, "lintas_instansi.act", {"step": step.id}, roles[0])
	row := table_row(side, sort(roles)) with input as act
}

table_rows contains row if {
	some state in input.table_states
	state.scope == "lintas_instansi"
	some side in ["pemilik_kinerja", "pegawai"]
	roles := table_side_roles(state, side)
	count(roles) > 0
	read := table_input(state, "lintas_instansi.read", {}, roles[0])
	row := table_row(side, roles) with input as read
}

# The roles of a side that are party to some step of the state's flow (exchange_roles of the full rules).
table_side_roles(state, side) := sort([r |
	some r in roles
	data.sikerja.profiles[state.profile].penugasan.actors[r].binding.side == side
]) if {
	roles := exchange_roles with input as table_input(state, "lintas_instansi.read", {}, null)
}

table_input(state, action, fields, role) := {
	"action": action,
	"profile": state.profile,
	"actor": table_actor(state, exchange, role),
	"resource": object.union({"kind": "exchange", "exchange": exchange}, fields),
} if {
	exchange := penugasan.table_exchange(state)
}

table_actor(_, _, null) := {"id": "pejabat", "instansi": "i3"}

table_actor(state, exchange, role) := object.union(
	penugasan.table_actor(binding, exchange),
	{"instansi": exchange[binding.side].place.instansi},
) if {
	role != null
	binding := data.sikerja.profiles[state.profile].penugasan.actors[role].binding
}

table_row(side, entitling) := {
	"key": tabled_key,
	"allowed": allow,
	"entry": {
		"side_offices": [c | some c in side_roles; c.binding.kind == "office"],
		"side_persons": [c | some c in side_roles; c.binding.kind == "person"],
		"entitling_roles": entitling,
		"reasons": reasons,
		"obligations": object.remove(obligations, ["roles"]),
	},
} if {
	side_roles := [{"role": r, "binding": profile.penugasan.actors[r].binding} |
		some r in sort(exchange_roles)
		role_side(r) == side
	]
}
