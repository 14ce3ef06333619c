package sikerja.kinerja

# ------------------------------------------------------------------ authority table (the fast path of an allow)
#
# Assessing a pegawai (kinerja.assess) and signing an SKP (kinerja.sign_skp) are asked for every pegawai in every
# period, and in the profiles their authorities hold without conditions: no appraisee kinds, no conditions, no
# requirements. Most of the cost of such a decision is the rules that do not apply to it: the input checks of every
# other action, the denials of every other case, the labels. data.sikerja.tables.kinerja (policies/sikerja/tables/
# kinerja/data.json, written by `make policy-tables`) holds, for every profile and such action, its authorities as
# the profile states them and the message of each one's grant around the appraisee's label.
#
# An input is answered from its row when it is well formed, names no delegation, its actor holds each authority of
# the action either directly or not at all (not as pelaksana tugas), it holds at least one, and no exclusion of the
# action applies. Then the rules above would grant exactly the authorities
# held and deny nothing. Anything else takes the full rules (full_decision); the policy tests compare every decision
# with them (kinerja_test.decide).

tabled_row := data.sikerja.tables.kinerja[concat("/", [input.profile, input.action])]

# Written with direct references rather than the defensive helpers of the full rules: on this path an absent or
# mistyped field makes the check undefined, and the full rules then decide (and explain) it.
answered_from_table if {
	row := tabled_row
	_nip(input.actor.id)
	_date(input.resource.date)
	_nip(input.resource.appraisee.id)
	input.resource.appraisee.jabatan.kind in _jabatan_kinds
	_nip(input.resource.penilai_kinerja)
	object.get(input.resource, "delegations", []) == []
	tabled_rating_given
	every a in row.authorities {
		tabled_held_directly_or_not_at_all(a.role)
	}
	count(tabled_granting) > 0
	not tabled_excluded
	tabled_obligations
}

# An exclusion of the action applies (as _excluded of the full rules, for an input without delegations).
tabled_excluded if {
	some x in tabled_row.exclusions
	every k, v in x.when {
		_condition_holds(k, v)
	}
	tabled_holds(x.role)
}

tabled_holds(role) if _holder(role) == input.actor.id

tabled_holds(role) if _officiates_as(role)

tabled_rating_given if input.action != "kinerja.assess"

tabled_rating_given if _rating_well_formed

tabled_held_directly_or_not_at_all(role) if _holder(role) == input.actor.id

tabled_held_directly_or_not_at_all(role) if {
	_holder(role) != input.actor.id
	not _officiates_as(role)
}

# The authorities held (as _granting of the full rules: directly, since the path admits no other way).
tabled_granting contains {"authority": a, "as": "langsung"} if {
	some a in tabled_row.authorities
	_holder(a.role) == input.actor.id
}

tabled_decision := {
	"allow": true,
	"reasons": tabled_reasons,
	"obligations": tabled_obligations,
}

tabled_reasons contains {
	"code": tabled_row.code,
	"message": concat("", [message.before, sprintf("pegawai %v", [input.resource.appraisee.id]), message.after]),
	"source": h.authority.source,
} if {
	some h in tabled_granting
	message := tabled_row.messages[h.authority.id]
}

_tabled_granted_as := [{"authority": h.authority.id, "as": h.as} | some h in tabled_granting]

tabled_obligations := _assess_obligations(_tabled_granted_as) if input.action == "kinerja.assess"

tabled_obligations := _sign_skp_obligations(_tabled_granted_as) if input.action == "kinerja.sign_skp"

# ------------------------------------------------------------------ computing the table (make policy-tables)

table_actions := ["kinerja.assess", "kinerja.sign_skp"]

# One row per profile and action whose authorities all hold without conditions. "allowed" is the full rules'
# decision for an input in which the holder of each authority in turn acts (the generator refuses a row the rules
# would not allow).
table_rows contains row if {
	some pid, p in data.sikerja.profiles
	some action in table_actions
	authorities := p.kinerja[_section[action]].authorities
	count(authorities) > 0
	every a in authorities {
		table_unconditional(a)
	}
	row := {
		"key": concat("/", [pid, action]),
		"allowed": every_holder_allowed(pid, action, authorities),
		"entry": {
			"code": sprintf("kinerja.%v_allowed", [_section[action]]),
			"authorities": authorities,
			"exclusions": object.get(p.kinerja[_section[action]], "exclusions", []),
			"messages": {a.id: {
				"before": sprintf("Diizinkan: %v ", [_action_label[action]]),
				"after": sprintf(" sebagai %v (%v).", [_label[a.role], _how_label.langsung]),
			} |
				some a in authorities
			},
		},
	}
}

table_unconditional(a) if {
	not a.appraisee
	not a.when
	not a.requires
}

every_holder_allowed(pid, action, authorities) := every_allowed if {
	every_allowed := count({a |
		some a in authorities
		not full_decision.allow with input as table_input(pid, action, a.role)
	}) == 0
}

# A synthetic, well-formed case: a JF assessed by its penilai in a unit led by an administrator; each role held by
# "NIP-<role>".
table_input(pid, action, role) := {
	"action": action,
	"profile": pid,
	"actor": {"id": concat("", ["NIP-", role]), "officiates": []},
	"resource": {
		"date": "2026-01-12",
		"appraisee": {"id": "NIP-pegawai", "jabatan": {"kind": "fungsional", "jenjang": "ahli_muda"}},
		"penilai_kinerja": "NIP-pejabat_penilai_kinerja",
		"unit_head": {"id": "NIP-pimpinan_unit_organisasi", "jabatan": {"kind": "administrator", "jenjang": null}},
		"parties": {"pimpinan_unit_organisasi": "NIP-pimpinan_unit_organisasi"},
		"rating": {
			"hasil_kerja": data.sikerja.profiles[pid].kinerja.assess.ratings.values[0],
			"perilaku_kerja": data.sikerja.profiles[pid].kinerja.assess.ratings.values[0],
		},
	},
}
