# METADATA
# title: Lintas instansi (what an actor of another instansi may see and do)
# description: |
#   The gate for an actor whose instansi is not the one that holds the data. In a penunjukan lintas instansi
#   exchange each side sees the exchange and the documents of the steps in which its side is actor, signer,
#   addressee or tembusan, may read the shared fields of a pegawai named to it, and may take only the steps
#   of its own side (as its side's Pejabat yang Berwenang, PUO or Pejabat Penilai Kinerja). Any other data
#   of another instansi is refused. Taking a step is also decided by sikerja.penugasan (order, contents).
package sikerja.lintas_instansi

import data.sikerja.boundary
import data.sikerja.penugasan

# METADATA
# title: Decision
# description: The structured decision {allow, reasons, obligations} for a cross-instansi read or act.
# entrypoint: true
decision := tabled_decision if answered_from_table

else := full_decision

# The decision by the rules below; decision takes an allowed act or read of an exchange from the exchange table
# (tables.rego) when the input meets a tabled row, and the table holds exactly what this gives for it.
full_decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": obligations,
}

default allow := false

# Each permitted rule is a complete set of positive conditions (every one of them excludes each refusal), so an
# allowed decision does not evaluate the refusal rules; they are only evaluated to explain a denial. The policy
# tests check every decision against the full set of refusals (lintas_instansi_test.decide).
allow if permitted

reasons := explanations if allow

else := refusals if count(refusals) > 0

else := {{
	"code": "lintas_instansi.not_permitted",
	"message": "Tidak ada aturan yang mengizinkan akses lintas instansi ini.",
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
}}

obligations := granted_obligations if allow

else := {}

known_actions := {"lintas_instansi.read", "lintas_instansi.act"}

exchange_kinds := {"exchange", "document", "pegawai"}

platform_source := "Sikerja: instansi lain hanya melihat dan melakukan bagian pertukaran yang melibatkan instansinya"

input_source := "Sikerja: masukan keputusan mengikuti policies/schemas/input/lintas_instansi.schema.json"

# ------------------------------------------------------------------ input

input_problems contains "input" if not input_is_object

input_problems contains "action" if not is_string(field(["action"]))

input_problems contains "profile" if not is_string(field(["profile"]))

input_problems contains "actor.id" if not is_string(field(["actor", "id"]))

input_problems contains "actor.instansi" if not is_string(field(["actor", "instansi"]))

input_problems contains "resource.kind" if not is_string(field(["resource", "kind"]))

input_problems contains "resource.instansi" if {
	not about_exchange
	not is_string(field(["resource", "instansi"]))
}

input_problems contains "resource.exchange.mechanism" if {
	about_exchange
	not is_string(field(["resource", "exchange", "mechanism"]))
}

input_problems contains "resource.exchange.pemilik_kinerja.place" if {
	about_exchange
	not boundary.complete_place(field(["resource", "exchange", "pemilik_kinerja", "place"]))
}

input_problems contains "resource.exchange.pegawai.place" if {
	about_exchange
	not boundary.complete_place(field(["resource", "exchange", "pegawai", "place"]))
}

input_problems contains "resource.exchange.steps_done" if {
	about_exchange
	not is_array(field(["resource", "exchange", "steps_done"]))
}

input_problems contains "resource.step" if {
	input.action == "lintas_instansi.act"
	not is_string(field(["resource", "step"]))
}

input_problems contains "resource.document.step" if {
	input.resource.kind == "document"
	input.action == "lintas_instansi.read"
	not is_string(field(["resource", "document", "step"]))
}

input_problems contains "resource.pegawai_id" if {
	input.resource.kind == "pegawai"
	not is_string(field(["resource", "pegawai_id"]))
}

input_valid if count(input_problems) == 0

# A field of the input by path, null when absent (a negated call on an undefined reference is itself undefined).
field(path) := object.get(input, path, null)

input_is_object if is_object(input)

# The resource is (part of) a penugasan exchange: acting in it, or reading it, its documents or its pegawai.
about_exchange if input.action == "lintas_instansi.act"

about_exchange if input.resource.kind in exchange_kinds

ex := input.resource.exchange

# ------------------------------------------------------------------ profile and exchange

profile := data.sikerja.profiles[input.profile]

known_profile if {
	profile.penugasan
	profile.lintas_instansi
}

ready if {
	input_valid
	input.action in known_actions
	known_profile
}

exchange_scope := boundary.scope_between(ex.pemilik_kinerja.place, ex.pegawai.place)

flow := profile.penugasan.mechanisms[ex.mechanism].scopes[exchange_scope]

form := object.get(ex, "form", profile.penugasan.forms.default)

flow_steps := [s | some s in flow.steps; applies_to_form(s)]

applies_to_form(s) if not s.forms

applies_to_form(s) if form in s.forms

done := {d | some d in ex.steps_done}

# The sides the actor's instansi is party to ("pemilik_kinerja" or "pegawai").
actor_sides contains "pemilik_kinerja" if input.actor.instansi == ex.pemilik_kinerja.place.instansi

actor_sides contains "pegawai" if input.actor.instansi == ex.pegawai.place.instansi

cross_instansi if exchange_scope == "lintas_instansi"

# The owner of data that is not part of an exchange.
own_data if {
	not about_exchange
	input.resource.instansi == input.actor.instansi
}

own_data if {
	about_exchange
	not cross_instansi
	count(actor_sides) > 0
}

own_data if {
	input.resource.kind == "pegawai"
	ex.pegawai.place.instansi == input.actor.instansi
}

role_side(role) := profile.penugasan.actors[role].binding.side

party_kinds := ["actors", "signers", "addressees", "tembusan"]

# The sides party to each step of the exchange (as actor, signer, addressee or tembusan), computed once per
# decision rather than once per question about a step.
step_sides := {s.id: {role_side(r) | some k in party_kinds; some r in s[k]} | some s in flow_steps}

side_is_party(s, side) if side in step_sides[s.id]

# Every role that is party to some step of the exchange (each checked once below, not once per step).
exchange_roles := {r | some s in flow_steps; some k in party_kinds; some r in s[k]}

# Roles of the actor's side that the actor holds in this exchange.
held_roles contains r if {
	some r in exchange_roles
	role_side(r) in actor_sides
	penugasan.holds_binding(profile.penugasan.actors[r].binding, input.actor, ex)
}

participant if count(held_roles) > 0

shared_steps := [s.id | some s in flow_steps; s.id in done; count(step_sides[s.id] & actor_sides) > 0]

document_step := s if {
	some s in flow_steps
	s.id == input.resource.document.step
}

acting_step := s if {
	some s in flow_steps
	s.id == input.resource.step
}

# The step's actors that belong to the actor's side.
own_side_actors(s) := {r | some r in s.actors; role_side(r) in actor_sides}

pegawai_named_to_side if {
	some s in flow_steps
	s.id in done
	naming_step(s)
	some side in actor_sides
	side_is_party(s, side)
}

naming_step(s) if "daftar_nama" in object.get(s, "attachments", [])

naming_step(s) if s.assigns == true

# ------------------------------------------------------------------ permitted

exchange_gate if {
	ready
	about_exchange
	not own_data
	cross_instansi
	count(actor_sides) > 0
	flow.allowed == true
	participant
}

permitted if {
	ready
	own_data
}

permitted if {
	exchange_gate
	input.action == "lintas_instansi.read"
	input.resource.kind == "exchange"
}

permitted if {
	exchange_gate
	input.action == "lintas_instansi.read"
	input.resource.kind == "document"
	document_step.id in done
	some side in actor_sides
	side_is_party(document_step, side)
}

permitted if {
	exchange_gate
	input.action == "lintas_instansi.read"
	input.resource.kind == "pegawai"
	input.resource.pegawai_id == ex.pegawai.id
	pegawai_named_to_side
}

permitted if {
	exchange_gate
	input.action == "lintas_instansi.act"
	some r in own_side_actors(acting_step)
	r in held_roles
}

# ------------------------------------------------------------------ refusals

refusals contains {
	"code": "lintas_instansi.invalid_input",
	"message": sprintf("Masukan tidak lengkap atau tidak sah: %s.", [p]),
	"source": input_source,
} if {
	some p in input_problems
}

refusals contains {
	"code": "lintas_instansi.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan lintas instansi.", [input.action]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	is_string(input.action)
	not input.action in known_actions
}

refusals contains {
	"code": "lintas_instansi.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal atau tidak memuat aturan lintas instansi.", [input.profile]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	is_string(input.profile)
	not known_profile
}

refusals contains {
	"code": "lintas_instansi.other_data",
	"message": "Data instansi lain tidak dapat dibaca di luar pertukaran yang melibatkan instansi pengguna.",
	"source": platform_source,
} if {
	ready
	not about_exchange
	not own_data
}

refusals contains {
	"code": "lintas_instansi.not_a_party",
	"message": "Instansi pengguna bukan pihak dalam pertukaran ini.",
	"source": platform_source,
} if {
	ready
	about_exchange
	count(actor_sides) == 0
}

refusals contains {
	"code": "lintas_instansi.no_exchange_in_profile",
	"message": "Profil regulasi ini tidak mengenal penunjukan lintas instansi untuk mekanisme tersebut.",
	"source": flow.source,
} if {
	ready
	about_exchange
	not own_data
	cross_instansi
	flow.allowed == false
}

refusals contains {
	"code": "lintas_instansi.unknown_mechanism",
	"message": sprintf("Mekanisme %v tidak dikenal dalam profil.", [ex.mechanism]),
	"source": "Kelima perkada: penugasan melalui penunjukan dan/atau pengajuan sukarela (workflows.md §1.1)",
} if {
	ready
	about_exchange
	not own_data
	cross_instansi
	not flow
}

refusals contains {
	"code": "lintas_instansi.not_a_participant",
	"message": "Pengguna tidak memegang peran apa pun dalam pertukaran ini di pihak instansinya.",
	"source": profile.lintas_instansi.visibility.source,
} if {
	ready
	about_exchange
	not own_data
	cross_instansi
	count(actor_sides) > 0
	flow.allowed == true
	not participant
}

refusals contains {
	"code": "lintas_instansi.document_not_shared",
	"message": sprintf("Dokumen langkah '%v' bukan bagian pertukaran yang melibatkan instansi pengguna.", [input.resource.document.step]),
	"source": profile.lintas_instansi.visibility.source,
} if {
	exchange_gate
	input.action == "lintas_instansi.read"
	input.resource.kind == "document"
	not document_shared
}

document_shared if {
	document_step.id in done
	some side in actor_sides
	side_is_party(document_step, side)
}

refusals contains {
	"code": "lintas_instansi.pegawai_not_shared",
	"message": "Data pegawai instansi lain hanya terbuka bila pegawai itu disebut kepada instansi pengguna dalam pertukaran.",
	"source": profile.lintas_instansi.shared_pegawai_fields.source,
} if {
	exchange_gate
	input.action == "lintas_instansi.read"
	input.resource.kind == "pegawai"
	not pegawai_shared
}

pegawai_shared if {
	input.resource.pegawai_id == ex.pegawai.id
	pegawai_named_to_side
}

refusals contains {
	"code": "lintas_instansi.unknown_step",
	"message": sprintf("Langkah %v tidak ada dalam alur lintas instansi profil ini.", [input.resource.step]),
	"source": flow.source,
} if {
	exchange_gate
	input.action == "lintas_instansi.act"
	not acting_step
}

refusals contains {
	"code": "lintas_instansi.other_side_step",
	"message": sprintf("Langkah '%s' milik instansi pihak lain; instansi pengguna hanya menjalankan langkah pihaknya.", [acting_step.id]),
	"source": acting_step.source,
} if {
	exchange_gate
	input.action == "lintas_instansi.act"
	count(own_side_actors(acting_step)) == 0
}

refusals contains {
	"code": "lintas_instansi.role_not_held",
	"message": sprintf("Langkah '%s' dijalankan oleh %s.", [acting_step.id, concat(" atau ", [profile.penugasan.actors[r].title | some r in own_side_actors(acting_step)])]),
	"source": role_source(acting_step),
} if {
	exchange_gate
	input.action == "lintas_instansi.act"
	count(own_side_actors(acting_step)) > 0
	count(own_side_actors(acting_step) & held_roles) == 0
}

role_source(s) := profile.lintas_instansi.pejabat_yang_berwenang.source if {
	some r in s.actors
	startswith(r, "pejabat_yang_berwenang")
} else := s.source

# ------------------------------------------------------------------ explanations and obligations

explanations contains {
	"code": "lintas_instansi.not_cross_instansi",
	"message": "Bukan akses lintas instansi; aturan domain masing-masing berlaku.",
	"source": platform_source,
} if {
	allow
	own_data
}

explanations contains {
	"code": "lintas_instansi.exchange_party",
	"message": "Diizinkan: instansi pengguna adalah pihak dalam pertukaran ini.",
	"source": profile.lintas_instansi.visibility.source,
} if {
	allow
	not own_data
}

explanations contains {
	"code": "lintas_instansi.document_party",
	"message": sprintf("Diizinkan: pihak instansi pengguna disebut pada langkah '%s'.", [document_step.id]),
	"source": document_step.source,
} if {
	allow
	not own_data
	input.resource.kind == "document"
	input.action == "lintas_instansi.read"
}

explanations contains {
	"code": "lintas_instansi.pegawai_named",
	"message": "Diizinkan: pegawai disebut kepada instansi pengguna dalam pertukaran; hanya kolom yang dibagikan.",
	"source": profile.lintas_instansi.shared_pegawai_fields.source,
} if {
	allow
	not own_data
	input.resource.kind == "pegawai"
}

explanations contains {
	"code": "lintas_instansi.own_side_step",
	"message": sprintf("Diizinkan: langkah '%s' adalah langkah pihak instansi pengguna.", [acting_step.id]),
	"source": acting_step.source,
} if {
	allow
	not own_data
	input.action == "lintas_instansi.act"
}

granted_obligations := {} if own_data

else := {
	"sides": sort(actor_sides),
	"roles": sort(held_roles),
	"visible_steps": shared_steps,
	"pegawai_fields": profile.lintas_instansi.shared_pegawai_fields.fields,
	"also_decide": decide_also,
}

decide_also := "sikerja.penugasan" if input.action == "lintas_instansi.act"

else := null
