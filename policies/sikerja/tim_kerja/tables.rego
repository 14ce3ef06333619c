package sikerja.tim_kerja

import data.sikerja.boundary

# ------------------------------------------------------------------ composition table (the fast path of an allow)
#
# Composing a team is the most frequent Tim Kerja decision: proposing, forming and setting it, and above all adding
# each of its members. Most of the cost of such a decision under the rules above is the rules that do not apply to
# it (the input checks, denials and explanations of every other action) and the explanations and documents, which
# depend only on the profile, the action, the team's scope and its kind. data.sikerja.tables.tim_kerja
# (policies/sikerja/tables/tim_kerja/data.json, written by `make policy-tables`) holds, for every profile, such
# action, scope the profile allows and kind of team that may have that scope, what the profile says of it: who
# decides it (each authority with the level of the owning unit's place it names), whether a coordinating Pengawas
# may, the formation windows by purpose, the gates, the explanations that do not depend on the input, and the
# document, tembusan and route with their authorities unresolved.
#
# Not tabled (they take the full rules): a decision whose authorities are combined with ALL or restricted to
# jabatan kinds, forming or setting a kind of team with a cap per Unit Organisasi, adding a member where the
# profile caps the teams per pegawai or the members per team, and every other action.
#
# An input is answered from its row when it is well formed (the input checks of the full rules, written
# positively), the actor holds one of the row's authorities for the owning unit, a coordinating Pengawas forms
# only where the profile lets them, the date falls in the window for the team's purpose, every gate is met and a
# new member is not one already. Then the rules above would allow it, with the explanations and obligations built
# here. Anything else takes the full rules (full_decision); the policy tests compare every decision with them
# (tim_kerja_test._decide).

# Written with direct references rather than the defensive helpers of the full rules: on this path an absent or
# mistyped field makes the check undefined, and the full rules then decide (and explain) it.
tabled_row := data.sikerja.tables.tim_kerja[concat("/", [
	input.profile,
	input.action,
	tabled_scope,
	object.get(input.resource.team, "kind", "tim"),
])]

_tabled_owner := input.resource.team.owner

# The widest boundary between the owner and the places the team spans, its members' and, for add_member, the
# candidate's (as scope of the full rules, for complete places): the boundaries nest, so it is the widest level at
# which some place differs from the owner's.
tabled_scope := _tabled_widest(
	_tabled_owner,
	{m.place.instansi | some m in input.resource.team.members} | {p.instansi | some p in _tabled_candidate_place},
	{m.place.perangkat_daerah | some m in input.resource.team.members} | {p.perangkat_daerah | some p in _tabled_candidate_place},
	{m.place.unit | some m in input.resource.team.members} | {p.unit | some p in _tabled_candidate_place},
)

_tabled_candidate_place := [input.resource.candidate.place] if input.action == "tim_kerja.add_member"

else := []

_tabled_widest(owner, instansi, perangkat_daerah, unit) := "lintas_instansi" if {
	count(instansi - {owner.instansi}) > 0
} else := "lintas_perangkat_daerah" if {
	count(perangkat_daerah - {owner.perangkat_daerah}) > 0
} else := "lintas_unit_organisasi" if {
	count(unit - {owner.unit}) > 0
} else := "dalam_unit_organisasi"

answered_from_table if {
	row := tabled_row
	is_string(input.actor.id)
	is_array(object.get(input.actor, "officiates", []))
	is_string(_tabled_owner.instansi)
	is_string(_tabled_owner.perangkat_daerah)
	is_string(_tabled_owner.unit)
	is_array(input.resource.team.members)
	every m in input.resource.team.members {
		is_string(m.id)
		is_string(m.place.instansi)
		is_string(m.place.perangkat_daerah)
		is_string(m.place.unit)
	}
	_tabled_action_well_formed
	_tabled_authorized(row)
	_tabled_pengawas_may_act(row)
	_tabled_in_window(row)
	every field in row.gates {
		input.resource.team[field] == true
	}
}

_tabled_action_well_formed if input.action == "tim_kerja.propose"

_tabled_action_well_formed if {
	input.action in {"tim_kerja.form", "tim_kerja.set"}
	input.resource.team.purpose in purposes
	regex.match(_date_pattern, input.resource.date)
}

_tabled_action_well_formed if {
	input.action == "tim_kerja.add_member"
	is_string(input.resource.team.id)
	is_string(input.resource.candidate.id)
	is_string(input.resource.candidate.place.instansi)
	is_string(input.resource.candidate.place.perangkat_daerah)
	is_string(input.resource.candidate.place.unit)
	not _already_member
}

_tabled_authorized(row) if {
	some a in row.by
	some o in input.actor.officiates
	o.as == a.as
	o.of == _tabled_owner[a.of]
}

_tabled_pengawas_may_act(row) if row.pengawas_may_form

_tabled_pengawas_may_act(_) if not _actor_is_pengawas_koordinator

_tabled_in_window(row) if row.windows == null

_tabled_in_window(row) if {
	rule := row.windows[input.resource.team.purpose]
	_tabled_month_in(rule)
	_tabled_budget_year_in(rule)
	_tabled_before_perjanjian_kinerja(rule)
}

_tabled_month_in(rule) if rule.type != "months"

_tabled_month_in(rule) if _month in rule.months

_tabled_budget_year_in(rule) if not rule.current_budget_year

_tabled_budget_year_in(_) if not is_number(object.get(input.resource.team, "tahun_anggaran", null))

_tabled_budget_year_in(_) if input.resource.team.tahun_anggaran == _year

_tabled_before_perjanjian_kinerja(rule) if rule.type != "before_perjanjian_kinerja"

_tabled_before_perjanjian_kinerja(_) if not is_string(object.get(input.resource.team, "perjanjian_kinerja_ditetapkan_pada", null))

_tabled_before_perjanjian_kinerja(_) if input.resource.date < input.resource.team.perjanjian_kinerja_ditetapkan_pada

tabled_decision := {
	"allow": true,
	"reasons": _tabled_reasons,
	"obligations": object.union_n([
		{"scope": tabled_scope},
		_tabled_document_obligation,
		_tabled_route_obligation,
	]),
}

# The full rules give their reasons as a sorted set; the row's are sorted, and every one of their codes sorts before
# tim_kerja.within_window (table_rows checks both), so the window's reason goes last.
_tabled_reasons := array.concat(tabled_row.reasons, [_within_window(input.resource.date, input.resource.team.purpose, rule)]) if {
	rule := tabled_row.windows[input.resource.team.purpose]
} else := tabled_row.reasons

# The row's authorities for the owning unit (as _resolved of the full rules).
_tabled_resolved(authorities) := [{"as": x.as, "of": _tabled_owner[x.of], "title": x.title} | some x in authorities]

_tabled_document_obligation := {
	"document": _tabled_document,
	"tembusan": _tabled_resolved(tabled_row.tembusan),
} if {
	tabled_row.document
} else := {}

_tabled_document := o.document if {
	some o in tabled_row.overrides
	object.get(input.resource.team, o.when, false) == true
} else := object.union(tabled_row.document, {"signers": _tabled_resolved(tabled_row.document.signers)})

_tabled_route_obligation := {"route": object.union(tabled_row.route, {
	"to": _tabled_resolved(tabled_row.route.to),
	"via": _tabled_resolved(tabled_row.route.via),
})} if {
	tabled_row.route
} else := {}

# ------------------------------------------------------------------ computing the table (make policy-tables)

table_actions := ["tim_kerja.propose", "tim_kerja.form", "tim_kerja.set", "tim_kerja.add_member"]

table_rows contains row if {
	some pid, p in data.sikerja.profiles
	tk := p.tim_kerja
	some action in table_actions
	verb := substring(action, count("tim_kerja."), -1)
	some scope in boundary.scopes
	cfg := tk.scopes[scope]
	cfg.allowed == true
	some kind, kind_cfg in tk.team_kinds
	scope in kind_cfg.scopes
	spec := table_spec(cfg, verb)
	object.get(spec, "match", "ANY") == "ANY"
	not spec.actor_kinds
	count(spec.by) > 0
	table_uncapped(tk, verb, kind_cfg)
	entry := {
		"by": [{"as": a.as, "of": _owner_level[a.of]} | some a in spec.by],
		"pengawas_may_form": tk.pengawas_koordinator.may_form,
		"windows": table_windows(tk, verb),
		"gates": [g.field | some g in tk.gates; verb in g.before],
		"reasons": table_reasons(tk, verb, scope, cfg, spec),
		"document": table_document(cfg, verb),
		"overrides": [{"when": o.when, "document": _overriding_document(o)} |
			some o in tk.document_overrides
			verb in {"form", "set", "add_member"}
		],
		"tembusan": table_authorities(cfg.document.tembusan),
		"route": table_route(cfg, verb),
	}
	row := {
		"key": concat("/", [pid, action, scope, kind]),
		"allowed": table_allowed(table_input(pid, action, scope, kind, entry)),
		"entry": entry,
	}
}

table_allowed(case) := allowed if {
	allowed := full_decision.allow with input as case
}

# The explanations that do not depend on the input, sorted as the full rules' set of them is.
table_reasons(tk, verb, scope, cfg, spec) := sort(reasons) if {
	reasons := ({_authorized_in_scope(verb, scope, spec), _in_scope(scope, cfg)} | {_gate_met(g) |
		some g in tk.gates
		verb in g.before
	}) | {_membership_allowed(tk) | verb == "add_member"}
	every r in reasons {
		r.code < "tim_kerja.within_window"
	}
}

# The authority that decides the action (as _spec of the full rules).
table_spec(cfg, verb) := cfg[verb] if verb in {"propose", "form", "set"}

table_spec(cfg, "add_member") := {
	"by": array.concat(cfg.form.by, cfg.set.by),
	"match": "ANY",
	"source": cfg.set.source,
}

# No cap the full rules would count: per Unit Organisasi for forming or setting, per pegawai or team for a member.
table_uncapped(_, verb, _) if verb == "propose"

table_uncapped(_, verb, kind_cfg) if {
	verb in {"form", "set"}
	not kind_cfg.max_per_unit_organisasi
}

table_uncapped(tk, "add_member", _) if {
	not is_number(tk.membership.max_teams_per_pegawai)
	not is_number(tk.membership.max_members_per_team)
}

# The formation rule of each purpose, where the windows apply to the action; null where they do not.
table_windows(tk, verb) := {purpose: rule |
	some rule in tk.windows.rules
	some purpose in rule.purposes
} if {
	verb in tk.windows.applies_to
} else := null

table_authorities(authorities) := [{"as": a.as, "of": _owner_level[a.of], "title": _title(a)} | some a in authorities]

table_document(cfg, verb) := _scope_document(cfg.document, table_authorities(cfg.document.signers)) if {
	verb in {"form", "set", "add_member"}
} else := null

table_route(cfg, "propose") := _route(
	cfg.propose,
	table_authorities(object.get(cfg.propose, "to", [])),
	table_authorities(object.get(cfg.propose, "via", [])),
)

table_route(_, verb) := null if verb != "propose"

# A synthetic, allowed case of a row: the holder of its first authority acts for an owning unit whose place names
# each level after itself; one member at the row's scope from the owner (and the candidate, for a new member, in
# the owning unit); every gate met; a purpose and date within its window. The policy tests decide it for every row
# (tim_kerja_test).
table_input(pid, action, scope, kind, entry) := {
	"action": action,
	"profile": pid,
	"actor": {
		"id": "NIP-pembentuk",
		"instansi": "instansi",
		"officiates": [{"as": entry.by[0].as, "of": table_owner[entry.by[0].of]}],
		"jabatan": {"kind": "administrator"},
	},
	"resource": {
		"date": table_date(entry.windows),
		"team": object.union(
			{
				"id": "tim-sintetis",
				"kind": kind,
				"purpose": table_purpose(entry.windows),
				"tahun_anggaran": 2024,
				"owner": table_owner,
				"members": [{"id": "NIP-anggota", "place": table_place[scope]}],
			},
			{field: true | some field in entry.gates},
		),
		"candidate": {"id": "NIP-calon", "place": table_owner},
	},
}

table_owner := {"instansi": "instansi", "perangkat_daerah": "perangkat_daerah", "unit": "unit"}

table_place := {
	"dalam_unit_organisasi": table_owner,
	"lintas_unit_organisasi": object.union(table_owner, {"unit": "unit-lain"}),
	"lintas_perangkat_daerah": {"instansi": "instansi", "perangkat_daerah": "perangkat-daerah-lain", "unit": "unit-lain"},
	"lintas_instansi": {"instansi": "instansi-lain", "perangkat_daerah": "perangkat-daerah-lain", "unit": "unit-lain"},
}

table_purpose(null) := "target_kinerja"

table_purpose(windows) := sort(object.keys(windows))[0] if windows != null

table_date(windows) := sprintf("2024-%02d-10", [windows[table_purpose(windows)].months[0]]) if {
	windows != null
	windows[table_purpose(windows)].type == "months"
} else := "2024-01-10"
