package sikerja.pelaksanaan

# ------------------------------------------------------------------ report table (the fast path of a report)
#
# A report is the most frequent pelaksanaan decision: every member reports to the Ketua Tim, every Ketua Tim to the
# penilai or PUO, periodically. data.sikerja.tables.pelaksanaan (make policy-tables) holds, for every profile, way
# of reporting (individu, anggota_tim, ketua_tim) and occasion the profile provides (atas_permintaan excepted: it
# follows the report_requests rules), the reasons the rules above give for an allowed report and its cadence. An
# input that names such a row takes the positive checks below, the conditions of an allowed report written
# without the negations of the denial rules; anything else takes the full rules (full_decision). The policy tests
# compare every decision with the full rules (pelaksanaan_test.decide).

tabled_report := data.sikerja.tables.pelaksanaan[concat("/", [
	input.profile,
	input.resource.report.as,
	input.resource.report.occasion,
])] if {
	input.action == "pelaksanaan.report"
}

# Written with direct references rather than the defensive helpers of the full rules: on this path an absent or
# mistyped field makes the check undefined, and the full rules then decide (and explain) it.
answered_from_table if {
	row := tabled_report
	is_string(input.actor.id)
	input.actor.id != ""
	is_object(input.resource.parties)
	input.resource.work.mode == row.mode
	tabled_reporter
	recipients := input.resource.report.recipients
	is_array(recipients)
	count(recipients) > 0
	every nip in recipients {
		is_string(nip)
		nip != ""
		some role in row.roles
		object.get(input.resource, row.holders[role], null) == nip
	}
	every group in row.groups {
		some role in group
		object.get(input.resource, row.holders[role], null) in recipients
	}
}

# The reporter is the one the way of reporting names; a team also names its Ketua Tim and members by NIP.
tabled_reporter if {
	input.resource.report.as == "individu"
	input.resource.work.assignee == input.actor.id
}

tabled_reporter if {
	input.resource.report.as == "ketua_tim"
	input.resource.work.ketua_tim == input.actor.id
	tabled_members_named
}

tabled_reporter if {
	input.resource.report.as == "anggota_tim"
	is_string(input.resource.work.ketua_tim)
	input.resource.work.ketua_tim != ""
	input.resource.work.ketua_tim != input.actor.id
	some member in input.resource.work.members
	member.id == input.actor.id
	tabled_members_named
}

tabled_members_named if {
	is_array(input.resource.work.members)
	count(input.resource.work.members) > 0
	every member in input.resource.work.members {
		is_string(member.id)
		member.id != ""
	}
}

tabled_report_decision := {
	"allow": true,
	"reasons": tabled_report.reasons,
	"obligations": {
		"recipients": [{"id": nip, "roles": roles} |
			some nip in input.resource.report.recipients
			roles := [role | some role in tabled_report.roles; object.get(input.resource, tabled_report.holders[role], null) == nip]
		],
		"cadence": tabled_report.cadence,
		"occasion": input.resource.report.occasion,
	},
}

# ------------------------------------------------------------------ computing the table (make policy-tables)

# The rows, each computed by the full rules for a report in which the reporter reaches the first role of every
# recipient group (parties named "NIP-<role>").
table_rows contains row if {
	some pid, p in data.sikerja.profiles
	some way, rule in p.pelaksanaan.reporting
	some occasion in rule.occasions
	occasion != "atas_permintaan"
	row := table_row with input as table_input(pid, way, occasion, rule)
}

table_row := {
	"key": concat("/", [input.profile, _report.as, _report.occasion]),
	"allowed": full_decision.allow,
	"entry": {
		"reasons": full_decision.reasons,
		"cadence": full_decision.obligations.cadence,
		"mode": _work.mode,
		"roles": sort(_report_roles),
		"groups": [group.any_of | some group in _report_rule.recipients],
		"holders": {role: table_holder_path(role) | some role in _report_roles},
	},
}

# Where the rules find the holder of a role (_holder): the Ketua Tim in the work, every other role in the parties.
table_holder_path("ketua_tim") := ["work", "ketua_tim"]

table_holder_path(role) := ["parties", role] if role != "ketua_tim"

table_input(pid, way, occasion, rule) := {
	"action": "pelaksanaan.report",
	"profile": pid,
	"actor": {"id": table_reporter[way]},
	"resource": {
		"work": object.union(
			{"mode": table_mode[way], "assignee": "NIP-individu", "ketua_tim": "NIP-ketua_tim"},
			{"members": [{"id": "NIP-ketua_tim"}, {"id": "NIP-anggota_tim"}] | table_mode[way] == "tim"},
		),
		"parties": {r: concat("", ["NIP-", r]) | some group in rule.recipients; some r in group.any_of},
		"report": {
			"as": way, "occasion": occasion,
			"recipients": [table_holder(group.any_of[0]) | some group in rule.recipients],
		},
	},
}

table_mode := {"individu": "individu", "anggota_tim": "tim", "ketua_tim": "tim"}

table_reporter := {"individu": "NIP-individu", "anggota_tim": "NIP-anggota_tim", "ketua_tim": "NIP-ketua_tim"}

table_holder(role) := concat("", ["NIP-", role])
