# METADATA
# title: Tim Kerja
# description: |
#   Who proposes, forms, verifies and sets a Tim Kerja, who appoints its Ketua Tim and Koordinator, who adds
#   members and who declares the work finished. Everything that differs between regulations is read from the
#   profile section data.sikerja.profiles[<id>].tim_kerja; every reason carries the source of its rule.
package sikerja.tim_kerja

import data.sikerja.boundary

# METADATA
# title: Decision
# description: The structured decision for a Tim Kerja action.
# entrypoint: true
decision := tabled_decision if answered_from_table

else := full_decision

# The decision by the rules below; decision takes an allowed proposal, formation, setting or new member of a team
# from the composition table and its positive checks (tables.rego), which give exactly what this gives for it.
full_decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": obligations,
}

default allow := false

allow if {
	_ready
	count(_refusals) == 0
}

reasons := [r | some r in _explanations] if {
	allow
} else := [r | some r in _refusals]

obligations := _obligations if {
	allow
} else := {}

# ---------------------------------------------------------------------------------------------------------
# Vocabulary

known_actions := {
	"tim_kerja.propose", "tim_kerja.form", "tim_kerja.verify", "tim_kerja.set",
	"tim_kerja.appoint_ketua", "tim_kerja.add_member", "tim_kerja.close", "tim_kerja.appoint_koordinator",
}

_team_actions := known_actions - {"tim_kerja.appoint_koordinator"}

_scoped_actions := {
	"tim_kerja.propose", "tim_kerja.form", "tim_kerja.verify", "tim_kerja.set",
	"tim_kerja.appoint_ketua", "tim_kerja.add_member",
}

_forming_actions := {"tim_kerja.propose", "tim_kerja.form", "tim_kerja.set", "tim_kerja.add_member"}

_dated_actions := {"tim_kerja.form", "tim_kerja.set", "tim_kerja.appoint_ketua", "tim_kerja.appoint_koordinator"}

_candidate_actions := {"tim_kerja.add_member", "tim_kerja.appoint_ketua", "tim_kerja.appoint_koordinator"}

purposes := {"target_kinerja", "rutin", "insidental", "perubahan_target"}

_verb := substring(input.action, count("tim_kerja."), -1)

_role_titles := {
	"puo": "Pimpinan Unit Organisasi",
	"kepala_perangkat_daerah": "Kepala Perangkat Daerah",
	"sekretaris_daerah": "Sekretaris Daerah",
	"bupati": "Bupati",
	"wali_kota": "Wali Kota",
	"pejabat_yang_berwenang": "Pejabat yang Berwenang",
	"pemilik_kinerja": "Pejabat Pemilik Kinerja",
	"penilai_kinerja": "Pejabat Penilai Kinerja",
	"ketua_tim_verifikasi": "Ketua Tim Verifikasi",
	"tim_verifikasi": "Tim Verifikasi",
}

_verb_titles := {
	"propose": "mengusulkan pembentukan Tim Kerja",
	"form": "membentuk Tim Kerja",
	"verify": "memberi rekomendasi Tim Verifikasi",
	"set": "menetapkan Tim Kerja",
	"appoint_ketua": "menunjuk Ketua Tim",
	"add_member": "menambah anggota Tim Kerja",
	"close": "menyatakan pekerjaan Tim Kerja selesai",
	"appoint_koordinator": "menunjuk Koordinator",
}

_pendidikan_rank := {"SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7, "S2": 8, "S3": 9}

_keahlian_rank := {"ahli_pertama": 1, "ahli_muda": 2, "ahli_madya": 3, "ahli_utama": 4}

_keterampilan_rank := {"pemula": 1, "terampil": 2, "mahir": 3, "penyelia": 4}

_predikat_rank := {"sangat_kurang": 1, "kurang": 2, "butuh_perbaikan": 3, "baik": 4, "sangat_baik": 5}

_scope_rank := {s: i | some i, s in boundary.scopes}

# ---------------------------------------------------------------------------------------------------------
# Input checks: a refusal, never an undefined decision

_action_known if input.action in known_actions

_profile := data.sikerja.profiles[input.profile].tim_kerja

_profile_known if is_object(_profile)

_ready if {
	_action_known
	_profile_known
	count(_missing) == 0
}

# A field of the input, or null when it is absent (a call on an absent reference would be undefined, and its
# negation would never fire).
_at(path) := object.get(input, path, null)

_missing contains "actor" if not is_object(_at(["actor"]))

_missing contains "actor.id" if not is_string(_at(["actor", "id"]))

_missing contains "actor.officiates" if not is_array(object.get(input, ["actor", "officiates"], []))

_missing contains "resource" if not is_object(_at(["resource"]))

_missing contains "resource.team" if {
	input.action in _team_actions
	not is_object(_at(["resource", "team"]))
}

_missing contains "resource.team.owner" if {
	input.action in _team_actions
	not boundary.complete_place(_at(["resource", "team", "owner"]))
}

_missing contains "resource.team.members" if {
	input.action in _team_actions
	not _members_complete
}

_members_complete if {
	is_array(input.resource.team.members)
	every m in input.resource.team.members {
		is_string(m.id)
		boundary.complete_place(m.place)
	}
}

_missing contains "resource.team.kind" if {
	input.action in _team_actions
	not is_string(object.get(input, ["resource", "team", "kind"], "tim"))
}

_missing contains "resource.team.purpose" if {
	input.action in {"tim_kerja.form", "tim_kerja.set"}
	not _at(["resource", "team", "purpose"]) in purposes
}

_missing contains "resource.team.id" if {
	input.action == "tim_kerja.add_member"
	not is_string(_at(["resource", "team", "id"]))
}

_missing contains "resource.date" if {
	input.action in _dated_actions
	not regex.match(_date_pattern, _at(["resource", "date"]))
}

_date_pattern := `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

_missing contains "resource.squads_in_owner" if {
	input.action in {"tim_kerja.form", "tim_kerja.set"}
	_squad_limits
	not _squads_in_owner_complete
}

_squads_in_owner_complete if {
	is_string(input.resource.squads_in_owner.unit_organisasi)
	is_number(input.resource.squads_in_owner.existing)
}

_missing contains "resource.unit" if {
	input.action == "tim_kerja.appoint_koordinator"
	not boundary.complete_place(_at(["resource", "unit"]))
}

_missing contains "resource.candidate" if {
	input.action in _candidate_actions
	not _candidate_complete
}

_candidate_complete if {
	is_string(input.resource.candidate.id)
	boundary.complete_place(input.resource.candidate.place)
}

_missing contains "resource.candidate.jabatan.kind" if {
	input.action in {"tim_kerja.appoint_ketua", "tim_kerja.appoint_koordinator"}
	not is_string(_at(["resource", "candidate", "jabatan", "kind"]))
}

_missing contains "resource.candidate.status" if {
	input.action == "tim_kerja.appoint_ketua"
	not is_string(_at(["resource", "candidate", "status"]))
}

# ---------------------------------------------------------------------------------------------------------
# The team, its owner and its scope

_team := object.get(input.resource, "team", {})

_owner := input.resource.unit if {
	input.action == "tim_kerja.appoint_koordinator"
} else := input.resource.team.owner

_kind := object.get(_team, "kind", "tim")

_places contains m.place if some m in input.resource.team.members

_places contains input.resource.candidate.place if input.action in {"tim_kerja.add_member", "tim_kerja.appoint_ketua"}

# The widest boundary between the owning unit and any member (the boundaries nest, so the widest pair always
# includes the owner).
scope := boundary.scopes[max({0} | {_scope_rank[boundary.scope_between(_owner, p)] | some p in _places})]

_scope_cfg := _profile.scopes[scope]

_kind_cfg := _profile.team_kinds[_kind]

_date := input.resource.date

_year := to_number(substring(_date, 0, 4))

_month := to_number(substring(_date, 5, 2))

# ---------------------------------------------------------------------------------------------------------
# Authority: a spec is {by: [{as, of}], match: ANY|ALL, actor_kinds?, pd_types?, source}

# The level of the owning unit's place that each reference of an authority names.
_owner_level := {"owner_unit": "unit", "owner_perangkat_daerah": "perangkat_daerah", "owner_instansi": "instansi"}

_resolve(ref) := _owner[_owner_level[ref]]

_holds(authority) if {
	some o in object.get(input, ["actor", "officiates"], [])
	o.as == authority.as
	o.of == _resolve(authority.of)
}

_satisfies(spec) if {
	object.get(spec, "match", "ANY") == "ANY"
	some authority in spec.by
	_holds(authority)
	_actor_kind_ok(spec)
}

_satisfies(spec) if {
	spec.match == "ALL"
	every authority in spec.by {
		_holds(authority)
	}
	_actor_kind_ok(spec)
}

_actor_kind_ok(spec) if not spec.actor_kinds

_actor_kind_ok(spec) if input.actor.jabatan.kind in spec.actor_kinds

_title(authority) := object.get(_role_titles, authority.as, authority.as)

_who(spec) := concat(_joiner(spec), [_title(authority) | some authority in spec.by])

_joiner(spec) := " dan " if {
	spec.match == "ALL"
} else := " atau "

_resolved(authorities) := [{"as": x.as, "of": _resolve(x.of), "title": _title(x)} | some x in authorities]

# The authority that decides each action.
_spec := _scope_cfg[_verb] if _verb in {"propose", "form", "set"}

_spec := _tk_member_spec if input.action == "tim_kerja.add_member"

_spec := _profile.verification if input.action == "tim_kerja.verify"

_spec := _profile.ketua.appointed_by if input.action == "tim_kerja.appoint_ketua"

_spec := _profile.closing if input.action == "tim_kerja.close"

_spec := _profile.koordinator.appointed_by if input.action == "tim_kerja.appoint_koordinator"

# Adding a member is composing the team: whoever forms or sets a team of the resulting scope may do it.
_tk_member_spec := {
	"by": array.concat(_scope_cfg.form.by, _scope_cfg.set.by),
	"match": "ANY",
	"source": _scope_cfg.set.source,
}

_authorized if _satisfies(_spec)

# ---------------------------------------------------------------------------------------------------------
# Refusals

_refusals contains {
	"code": "tim_kerja.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan Tim Kerja.", [object.get(input, "action", "")]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if not _action_known

_refusals contains {
	"code": "tim_kerja.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal atau tidak memuat aturan Tim Kerja.", [object.get(input, "profile", "")]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if not _profile_known

_refusals contains {
	"code": "tim_kerja.invalid_input",
	"message": sprintf("Masukan tidak lengkap atau tidak sah: %v.", [concat(", ", sort(_missing))]),
	"source": "Sikerja: keputusan hanya diambil atas masukan yang lengkap",
} if count(_missing) > 0

_refusals contains r if {
	_ready
	some r in _violations
}

_violations contains {
	"code": "tim_kerja.scope_not_allowed",
	"message": sprintf("Tim Kerja dengan lingkup %v tidak diatur dalam %v.", [scope, _profile.regulation]),
	"source": _scope_cfg.source,
} if {
	input.action in _scoped_actions
	not _scope_cfg.allowed
}

_violations contains {
	"code": "tim_kerja.kind_not_allowed",
	"message": sprintf("Jenis tim %v tidak dikenal dalam %v.", [_kind, _profile.regulation]),
	"source": "Sikerja: jenis tim harus salah satu yang diatur profil regulasi",
} if {
	input.action in _scoped_actions
	not _kind_cfg
}

_violations contains {
	"code": "tim_kerja.kind_not_allowed",
	"message": sprintf("%v tidak dapat dibentuk dengan lingkup %v.", [_kind_cfg.title, scope]),
	"source": _kind_cfg.source,
} if {
	input.action in _scoped_actions
	_scope_cfg.allowed
	not scope in _kind_cfg.scopes
}

_violations contains {
	"code": "tim_kerja.not_authorized",
	"message": sprintf("Yang berwenang %v untuk lingkup %v adalah %v; pengguna tidak memegang jabatan tersebut untuk unit pemilik Tim.", [_verb_titles[_verb], scope, _who(_spec)]),
	"source": _spec.source,
} if {
	_spec.by
	not _authorized
}

_violations contains {
	"code": "tim_kerja.not_authorized",
	"message": sprintf("%v hanya dapat ditunjuk oleh pejabat berjabatan %v.", [_profile.koordinator.title, concat(" atau ", _profile.koordinator.appointed_by.actor_kinds)]),
	"source": _profile.koordinator.appointed_by.source,
} if {
	input.action == "tim_kerja.appoint_koordinator"
	not _actor_kind_ok(_profile.koordinator.appointed_by)
}

_violations contains {
	"code": "tim_kerja.pengawas_koordinator_cannot_form",
	"message": "Pejabat Pengawas yang melaksanakan koordinasi tugas substansi otomatis menjadi Ketua Tim Kerja dan tidak dapat membentuk Tim Kerja.",
	"source": _profile.pengawas_koordinator.source,
} if {
	input.action in _forming_actions
	not _profile.pengawas_koordinator.may_form
	_actor_is_pengawas_koordinator
}

_actor_is_pengawas_koordinator if {
	some o in object.get(input, ["actor", "officiates"], [])
	o.as == "pengawas_koordinator"
}

# Formation window

_window_applies if _verb in _profile.windows.applies_to

_window_rule := r if {
	some r in _profile.windows.rules
	_team.purpose in r.purposes
}

_violations contains {
	"code": "tim_kerja.outside_window",
	"message": sprintf("Tujuan Tim %v tidak memiliki waktu pembentukan dalam profil regulasi.", [_team.purpose]),
	"source": _profile.windows.source,
} if {
	_window_applies
	not _window_rule
}

_violations contains {
	"code": "tim_kerja.outside_window",
	"message": sprintf("Tim Kerja untuk %v hanya dapat dibentuk dan ditetapkan pada bulan %v tahun anggaran berjalan; tanggal %v di luar waktu tersebut.", [_team.purpose, concat(", ", [format_int(m, 10) | some m in _window_rule.months]), _date]),
	"source": _window_rule.source,
} if {
	_window_applies
	_window_rule.type == "months"
	not _month in _window_rule.months
}

_violations contains {
	"code": "tim_kerja.outside_window",
	"message": sprintf("Tim Kerja tahun anggaran %v tidak dapat dibentuk atau ditetapkan pada tahun %v.", [_team.tahun_anggaran, _year]),
	"source": _window_rule.source,
} if {
	_window_applies
	_window_rule.current_budget_year
	is_number(_team.tahun_anggaran)
	_team.tahun_anggaran != _year
}

_violations contains {
	"code": "tim_kerja.outside_window",
	"message": sprintf("Tim Kerja untuk %v harus ditetapkan sebelum penetapan kinerja awal tahun (%v).", [_team.purpose, _team.perjanjian_kinerja_ditetapkan_pada]),
	"source": _window_rule.source,
} if {
	_window_applies
	_window_rule.type == "before_perjanjian_kinerja"
	is_string(_team.perjanjian_kinerja_ditetapkan_pada)
	_date >= _team.perjanjian_kinerja_ditetapkan_pada
}

_in_window if {
	_window_applies
	_window_rule
}

# Gates before a step (Tim Verifikasi, identifikasi kebutuhan, rencana kerja)

_gates contains g if {
	some g in _profile.gates
	_verb in g.before
}

_violations contains {
	"code": "tim_kerja.gate_unmet",
	"message": g.message,
	"source": g.source,
} if {
	some g in _gates
	object.get(_team, g.field, false) != true
}

_violations contains {
	"code": "tim_kerja.verification_not_available",
	"message": sprintf("%v tidak mengenal Tim Verifikasi.", [_profile.regulation]),
	"source": _profile.verification.source,
} if {
	input.action == "tim_kerja.verify"
	not _profile.verification.available
}

# Squad caps per Unit Organisasi

_squad_limits := _kind_cfg.max_per_unit_organisasi if _verb in {"form", "set"}

_squad_limit := l if {
	some l in _squad_limits.limits
	lower(l.unit_organisasi) == lower(input.resource.squads_in_owner.unit_organisasi)
}

_violations contains {
	"code": "tim_kerja.squad_cap_reached",
	"message": sprintf("%v sudah memiliki %v %v; paling banyak %v.", [_squad_limit.unit_organisasi, input.resource.squads_in_owner.existing, _kind_cfg.title, _squad_limit.max]),
	"source": _squad_limit.source,
} if input.resource.squads_in_owner.existing >= _squad_limit.max

# Members

_candidate := object.get(input.resource, "candidate", {})

_violations contains {
	"code": "tim_kerja.already_member",
	"message": "Pegawai sudah menjadi anggota Tim Kerja ini.",
	"source": "Sikerja: satu pegawai tercatat sekali dalam satu Tim Kerja",
} if {
	input.action == "tim_kerja.add_member"
	_already_member
}

_already_member if {
	some m in input.resource.team.members
	m.id == _candidate.id
}

_already_member if {
	some m in object.get(_candidate, "memberships", [])
	m.team_id == input.resource.team.id
}

_violations contains {
	"code": "tim_kerja.membership_cap_reached",
	"message": sprintf("Pegawai sudah tergabung dalam %v Tim Kerja; paling banyak %v.", [count(object.get(_candidate, "memberships", [])), _profile.membership.max_teams_per_pegawai]),
	"source": _profile.membership.source,
} if {
	input.action == "tim_kerja.add_member"
	is_number(_profile.membership.max_teams_per_pegawai)
	count(object.get(_candidate, "memberships", [])) >= _profile.membership.max_teams_per_pegawai
}

_violations contains {
	"code": "tim_kerja.team_size_cap_reached",
	"message": sprintf("Tim Kerja sudah beranggotakan %v orang; paling banyak %v.", [count(input.resource.team.members), _profile.membership.max_members_per_team]),
	"source": _profile.membership.source,
} if {
	input.action == "tim_kerja.add_member"
	is_number(_profile.membership.max_members_per_team)
	count(input.resource.team.members) >= _profile.membership.max_members_per_team
}

# ---------------------------------------------------------------------------------------------------------
# Criteria (Ketua Tim and Koordinator): each item is met, unmet or not applicable to the candidate's jabatan

_applies(c, _) if not c.applies_to

_applies(c, cand) if cand.jabatan.kind in c.applies_to

_met_leaf(c, cand) if {
	c.type == "pendidikan_min"
	_pendidikan_rank[cand.pendidikan] >= _pendidikan_rank[c.min]
}

_met_leaf(c, cand) if {
	c.type == "kelas_jabatan_min"
	cand.jabatan.kelas >= c.min
}

_met_leaf(c, cand) if {
	c.type == "jenjang_min"
	_keahlian_rank[cand.jabatan.jenjang] >= _keahlian_rank[c.keahlian]
}

_met_leaf(c, cand) if {
	c.type == "jenjang_min"
	_keterampilan_rank[cand.jabatan.jenjang] >= _keterampilan_rank[c.keterampilan]
}

_met_leaf(c, cand) if {
	c.type == "jenjang_in"
	cand.jabatan.jenjang in c.jenjang
}

_met_leaf(c, cand) if {
	c.type == "kinerja_min"
	every y in numbers.range(_year - c.years, _year - 1) {
		some k in cand.kinerja
		k.year == y
		_predikat_rank[k.predikat] >= _predikat_rank[c.predikat]
	}
}

_met_leaf(c, cand) if {
	c.type == "kompetensi_sesuai"
	cand.kompetensi_sesuai == true
}

_met_leaf(c, cand) if {
	c.type == "jabatan_kind"
	cand.jabatan.kind in c.kinds
}

_met_leaf(c, cand) if {
	c.type == "pengalaman_setara_pengawas"
	cand.pengalaman_setara_pengawas == true
}

_met_leaf(c, cand) if {
	c.type == "seleksi"
	cand[c.by_kind[cand.jabatan.kind]] == true
}

_met(c, cand) if _met_leaf(c, cand)

_met(c, cand) if {
	c.type == "any_of"
	some sub in c.items
	_met_leaf(sub, cand)
}

_status(c, cand) := "not_applicable" if {
	not _applies(c, cand)
} else := "met" if {
	_met(c, cand)
} else := "unmet"

_met_items(criteria, cand) := [c | some c in criteria.items; _status(c, cand) == "met"]

_unmet_items(criteria, cand) := [c | some c in criteria.items; _status(c, cand) == "unmet"]

# Combinators: ANY refuses when no criterion is met (one reason citing the combinator); ALL refuses once for
# every unmet criterion (each citing its own letter); NONE has no criteria.
# The role being filled by appoint_ketua or appoint_koordinator.
_role := _profile.ketua if input.action == "tim_kerja.appoint_ketua"

_role := _profile.koordinator if input.action == "tim_kerja.appoint_koordinator"

_role_title := "Ketua Tim" if input.action == "tim_kerja.appoint_ketua"

_role_title := _profile.koordinator.title if input.action == "tim_kerja.appoint_koordinator"

_violations contains {
	"code": "tim_kerja.koordinator_not_available",
	"message": sprintf("%v tidak mengenal Koordinator Tim Kerja.", [_profile.regulation]),
	"source": _profile.koordinator.source,
} if {
	input.action == "tim_kerja.appoint_koordinator"
	not _profile.koordinator.available
}

_violations contains {
	"code": "tim_kerja.koordinator_unit_type",
	"message": sprintf("%v hanya dikenal pada Perangkat Daerah bertipe %v.", [_profile.koordinator.title, concat(", ", _profile.koordinator.appointed_by.pd_types)]),
	"source": _profile.koordinator.appointed_by.source,
} if {
	input.action == "tim_kerja.appoint_koordinator"
	not object.get(_owner, "pd_type", "") in _profile.koordinator.appointed_by.pd_types
}

_violations contains {
	"code": "tim_kerja.kind_not_eligible",
	"message": sprintf("%v berasal dari jabatan %v; calon berjabatan %v.", [_role_title, concat(" atau ", _role.eligible_kinds.kinds), _candidate.jabatan.kind]),
	"source": _role.eligible_kinds.source,
} if {
	_role.eligible_kinds
	not _candidate.jabatan.kind in _role.eligible_kinds.kinds
}

_violations contains {
	"code": "tim_kerja.criteria_unmet",
	"message": sprintf("Calon %v tidak memenuhi satu pun kriteria.", [_role_title]),
	"source": _role.criteria.source,
} if {
	_role.criteria.combinator == "ANY"
	count(_met_items(_role.criteria, _candidate)) == 0
}

_violations contains {
	"code": "tim_kerja.criteria_unmet",
	"message": sprintf("Calon %v tidak memenuhi kriteria %v.", [_role_title, c.id]),
	"source": c.source,
} if {
	_role.criteria.combinator == "ALL"
	some c in _unmet_items(_role.criteria, _candidate)
}

_violations contains {
	"code": "tim_kerja.ketua_status_excluded",
	"message": sprintf("Pegawai berstatus %v tidak dapat ditugaskan sebagai Ketua Tim Kerja.", [x.status]),
	"source": x.source,
} if {
	input.action == "tim_kerja.appoint_ketua"
	some x in _profile.ketua.status_exclusions
	_candidate.status == x.status
	not object.get(_owner, "pd_type", "") in x.except_pd_types
}

_ketua_excepted contains x if {
	input.action == "tim_kerja.appoint_ketua"
	some x in _profile.ketua.status_exclusions
	_candidate.status == x.status
	object.get(_owner, "pd_type", "") in x.except_pd_types
}

_from_owner_rule := r if {
	input.action == "tim_kerja.appoint_ketua"
	r := _profile.ketua.from_owner_unit
	scope in r.scopes
}

_from_owner(level, cand) if {
	level == "unit"
	boundary.scope_between(cand.place, _owner) == "dalam_unit_organisasi"
}

_from_owner(level, cand) if {
	level == "perangkat_daerah"
	boundary.scope_between(cand.place, _owner) in {"dalam_unit_organisasi", "lintas_unit_organisasi"}
}

_violations contains {
	"code": "tim_kerja.ketua_not_from_owner",
	"message": "Ketua Tim Kerja dengan anggota lintas unit wajib berasal dari Unit Organisasi pemilik kinerja.",
	"source": _from_owner_rule.source,
} if {
	_from_owner_rule.mode == "mandatory"
	not _from_owner(_from_owner_rule.level, _candidate)
}

_violations contains {
	"code": "tim_kerja.ketua_pengawas_required",
	"message": "Masih terdapat Pejabat Pengawas yang kewenangannya mencakup pekerjaan Tim; Pengawas tersebut yang ditunjuk sebagai Ketua Tim.",
	"source": _profile.ketua.pengawas_in_charge.source,
} if {
	input.action == "tim_kerja.appoint_ketua"
	_profile.ketua.pengawas_in_charge.required
	is_string(_team.pengawas_in_charge)
	_candidate.id != _team.pengawas_in_charge
}

# ---------------------------------------------------------------------------------------------------------
# Explanations of an allowed decision

_explanations contains _authorized_in_scope(_verb, scope, _spec) if input.action in _scoped_actions

_authorized_in_scope(verb, scope, spec) := {
	"code": "tim_kerja.authorized",
	"message": sprintf("Diizinkan: %v untuk lingkup %v oleh %v.", [_verb_titles[verb], scope, _who(spec)]),
	"source": spec.source,
}

_explanations contains {
	"code": "tim_kerja.authorized",
	"message": sprintf("Diizinkan: %v oleh %v.", [_verb_titles[_verb], _who(_spec)]),
	"source": _spec.source,
} if not input.action in _scoped_actions

_explanations contains _in_scope(scope, _scope_cfg) if input.action in _scoped_actions

_in_scope(scope, cfg) := {
	"code": "tim_kerja.scope",
	"message": sprintf("Lingkup Tim Kerja: %v.", [scope]),
	"source": cfg.source,
}

_explanations contains _within_window(_date, _team.purpose, _window_rule) if _in_window

_within_window(date, purpose, rule) := {
	"code": "tim_kerja.within_window",
	"message": sprintf("Tanggal %v berada dalam waktu pembentukan Tim untuk %v.", [date, purpose]),
	"source": rule.source,
}

_explanations contains _gate_met(g) if some g in _gates

_gate_met(g) := {
	"code": "tim_kerja.gate_met",
	"message": sprintf("Prasyarat %v terpenuhi.", [g.id]),
	"source": g.source,
}

_explanations contains {
	"code": "tim_kerja.squad_cap",
	"message": sprintf("%v baru memiliki %v %v dari paling banyak %v.", [_squad_limit.unit_organisasi, input.resource.squads_in_owner.existing, _kind_cfg.title, _squad_limit.max]),
	"source": _squad_limit.source,
} if _squad_limit

_explanations contains {
	"code": "tim_kerja.squad_cap_not_listed",
	"message": sprintf("%v tidak tercantum dalam tabel batas %v; tidak ada batas jumlah.", [input.resource.squads_in_owner.unit_organisasi, _kind_cfg.title]),
	"source": _squad_limits.source,
} if {
	_squad_limits
	not _squad_limit
}

_explanations contains _membership_allowed(_profile) if input.action == "tim_kerja.add_member"

_membership_allowed(profile) := {
	"code": "tim_kerja.membership",
	"message": "Pegawai dapat tergabung dalam lebih dari satu Tim Kerja.",
	"source": profile.membership.source,
}

_explanations contains {
	"code": "tim_kerja.criteria_met",
	"message": sprintf("Calon %v memenuhi kriteria %v.", [_role_title, c.id]),
	"source": c.source,
} if {
	_role.criteria.combinator != "NONE"
	some c in _met_items(_role.criteria, _candidate)
}

_explanations contains {
	"code": "tim_kerja.criteria_met",
	"message": sprintf("Calon %v berjabatan %v.", [_role_title, _candidate.jabatan.kind]),
	"source": _role.eligible_kinds.source,
} if _role.eligible_kinds

_explanations contains {
	"code": "tim_kerja.ketua_status_exception",
	"message": sprintf("Pegawai berstatus %v dapat menjadi Ketua Tim Kerja pada Perangkat Daerah ini.", [x.status]),
	"source": x.exception_source,
} if some x in _ketua_excepted

_explanations contains {
	"code": "tim_kerja.ketua_from_owner",
	"message": "Ketua Tim berasal dari unit pemilik kinerja.",
	"source": _from_owner_rule.source,
} if _from_owner(_from_owner_rule.level, _candidate)

_explanations contains {
	"code": "tim_kerja.ketua_owner_preferred",
	"message": "Ketua Tim diutamakan berasal dari unit pemilik kinerja; calon berasal dari unit lain, catat pertimbangannya.",
	"source": _from_owner_rule.source,
} if {
	_from_owner_rule.mode == "preferred"
	not _from_owner(_from_owner_rule.level, _candidate)
}

_explanations contains {
	"code": "tim_kerja.ketua_pengawas",
	"message": "Ketua Tim adalah Pejabat Pengawas yang kewenangannya mencakup pekerjaan Tim.",
	"source": _profile.ketua.pengawas_in_charge.source,
} if {
	input.action == "tim_kerja.appoint_ketua"
	_profile.ketua.pengawas_in_charge.required
	_candidate.id == _team.pengawas_in_charge
}

_explanations contains {
	"code": "tim_kerja.verification_basis",
	"message": sprintf("Rekomendasi Tim Verifikasi berdasarkan %v.", [concat(", ", _profile.verification.basis)]),
	"source": _profile.verification.source,
} if input.action == "tim_kerja.verify"

# ---------------------------------------------------------------------------------------------------------
# Obligations of an allowed decision

_obligations := object.union_n([
	{"scope": scope},
	_document_obligation,
	_route_obligation,
	_verify_obligation,
	_allowance_obligation,
]) if {
	input.action in _scoped_actions
} else := {}

_document_override := o if {
	some o in _profile.document_overrides
	object.get(_team, o.when, false) == true
}

_document := _overriding_document(_document_override) if {
	_document_override
} else := _scope_document(_scope_cfg.document, _resolved(_scope_cfg.document.signers))

# The scope's document with its signers (resolved for the owning unit here, unresolved in the composition table).
_scope_document(document, signers) := {
	"kind": document.kind,
	"title": document.title,
	"signers": signers,
	"source": document.source,
}

# The document a law prescribes instead of the scope's (a Keputusan, where a law requires one): its signer is
# whoever that law names.
_overriding_document(o) := {
	"kind": o.kind,
	"title": o.title,
	"signers": [],
	"signer_note": "sesuai peraturan perundang-undangan yang mengamanatkan surat keputusan",
	"source": o.source,
}

_document_obligation := {
	"document": _document,
	"tembusan": _resolved(_scope_cfg.document.tembusan),
} if {
	_verb in {"form", "set", "add_member"}
} else := {}

_route_obligation := {"route": _route(
	_scope_cfg.propose,
	_resolved(object.get(_scope_cfg.propose, "to", [])),
	_resolved(object.get(_scope_cfg.propose, "via", [])),
)} if {
	input.action == "tim_kerja.propose"
} else := {}

# Where a proposal goes, and through whom.
_route(propose, to, via) := {"to": to, "via": via, "source": propose.source}

_verify_obligation := {"basis": _profile.verification.basis} if {
	input.action == "tim_kerja.verify"
} else := {}

_allowance_obligation := {"allowances": [{"kind": x.obligation, "source": x.source} |
	some x in _profile.ketua.allowances
	x.team_kind == _kind
	_candidate.jabatan.kelas < x.kelas_below
]} if {
	input.action == "tim_kerja.appoint_ketua"
} else := {}
