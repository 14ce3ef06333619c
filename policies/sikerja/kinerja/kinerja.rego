# METADATA
# title: Pengelolaan kinerja (SKP)
# description: |
#   Who sets (penetapan), signs and approves an SKP, who assesses (rating), who gives input (umpan balik,
#   rekomendasi penilaian; never the rating), who sets the organisation's predikat, and keberatan. The
#   appraisee's penilai kinerja comes as org-registry resolves it; delegations in force extend an authority.
#   Every rule comes from data.sikerja.profiles[<id>].kinerja.
#   Input contract: policies/schemas/input/kinerja.schema.json.
package sikerja.kinerja

# METADATA
# title: Decision
# description: The structured decision for a kinerja action.
# entrypoint: true
decision := tabled_decision if answered_from_table

else := full_decision

# The decision by the rules below; decision takes an allowed assessment or SKP signature from the authority table
# and its positive checks (tables.rego), which give exactly what this gives for it.
full_decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": obligations,
}

default allow := false

allow if {
	_ready
	count(_denials) == 0
}

known_actions := {
	"kinerja.set_skp",
	"kinerja.sign_skp",
	"kinerja.approve",
	"kinerja.assess",
	"kinerja.give_feedback",
	"kinerja.set_predikat_organisasi",
	"kinerja.file_keberatan",
	"kinerja.decide_keberatan",
}

reasons := ((_entry_denials | _denials) | _grants) | _fallback

# The profile section that governs an action.
_section := {
	"kinerja.set_skp": "set_skp",
	"kinerja.sign_skp": "sign_skp",
	"kinerja.approve": "approve",
	"kinerja.assess": "assess",
	"kinerja.give_feedback": "give_feedback",
	"kinerja.set_predikat_organisasi": "set_predikat_organisasi",
}

# ---------------------------------------------------------------------------------------------------------
# Input, profile and parties

# The input as an object even when it is missing or not an object, so every check below stays defined.
_input := i if {
	i := input
	is_object(i)
} else := {}

_actor := a if {
	a := _input.actor
	is_object(a)
} else := {}

# A value at a path of the input, null when absent (never undefined, also under negation).
_in(path) := object.get(_input, path, null)

_action := object.get(_input, "action", "")

_resource := r if {
	r := _input.resource
	is_object(r)
} else := {}

_parties := p if {
	p := _resource.parties
	is_object(p)
} else := {}

_appraisee := object.get(_resource, "appraisee", {})

_team := t if {
	t := _resource.team
	is_object(t)
} else := {}

profile := data.sikerja.profiles[_input.profile].kinerja

_known_action if _action in known_actions

_known_profile if profile

_ready if {
	_known_action
	_known_profile
	count(input_problems) == 0
}

_nip(x) if {
	is_string(x)
	x != ""
}

_date(x) if {
	is_string(x)
	regex.match(`^\d{4}-\d{2}-\d{2}$`, x)
}

# The holder of a role relative to the appraisee.
_holder(role) := _appraisee.id if {
	role == "pegawai"
} else := _resource.penilai_kinerja if {
	role == "pejabat_penilai_kinerja"
} else := _team.ketua_tim if {
	role == "ketua_tim"
} else := _unit_head_id if {
	role == "pimpinan_unit_organisasi"
} else := _parties[role] if {
	not role in {"pegawai", "pejabat_penilai_kinerja", "ketua_tim", "pimpinan_unit_organisasi"}
}

_unit_head_id := _parties.pimpinan_unit_organisasi

_unit_head_id := _resource.unit_head.id if not _parties.pimpinan_unit_organisasi

_officiate_names := {
	"pejabat_penilai_kinerja": {"pejabat_penilai_kinerja"},
	"atasan_pejabat_penilai_kinerja": {"atasan_pejabat_penilai_kinerja"},
	"pimpinan_unit_organisasi": {"puo", "pimpinan_unit_organisasi"},
	"kepala_perangkat_daerah": {"kepala_perangkat_daerah"},
	"pengawas_koordinator": {"pengawas_koordinator"},
	"kepala_daerah": {"kepala_daerah"},
	"pimpinan_organisasi_atasan": {"pimpinan_organisasi_atasan"},
}

# How the actor comes to hold a role: directly, officiating (Plt/Plh) for the role's unit, or by a delegation in
# force from the holder with the scope the authority accepts.
_held_as(role, scope) := "langsung" if {
	_holder(role) == _actor.id
} else := "pelaksana_tugas" if {
	_officiates_as(role)
} else := "pendelegasian" if {
	some d in object.get(_resource, "delegations", [])
	d.to == _actor.id
	d.from == _holder(role)
	d.scope == scope
	_delegation_in_force(d)
}

# The actor officiates (Plt/Plh) for the unit whose role this is.
_officiates_as(role) if {
	some o in object.get(_actor, "officiates", [])
	o.as in _officiate_names[role]
	o.of == object.get(_resource, "party_units", {})[role]
}

_delegation_in_force(d) if {
	_date(d.start)
	d.start <= _resource.date
	not _delegation_ended(d)
}

_delegation_ended(d) if {
	_date(d.end)
	d.end < _resource.date
}

_label := {
	"pegawai": "pegawai yang dinilai",
	"pejabat_penilai_kinerja": "Pejabat Penilai Kinerja",
	"atasan_pejabat_penilai_kinerja": "atasan Pejabat Penilai Kinerja",
	"pimpinan_unit_organisasi": "Pimpinan Unit Organisasi",
	"kepala_perangkat_daerah": "Kepala Perangkat Daerah",
	"pengawas_koordinator": "Pejabat Pengawas yang mengoordinasikan",
	"ketua_tim": "Ketua Tim",
	"kepala_daerah": "Kepala Daerah",
	"pimpinan_organisasi_atasan": "pimpinan organisasi di atasnya",
}

_action_label := {
	"kinerja.set_skp": "menetapkan SKP",
	"kinerja.sign_skp": "menandatangani SKP",
	"kinerja.approve": "menyetujui SKP",
	"kinerja.assess": "menilai kinerja",
	"kinerja.give_feedback": "memberi masukan penilaian",
	"kinerja.set_predikat_organisasi": "menetapkan predikat kinerja organisasi",
}

_requirement_label := {
	"koordinasi_dengan_penilai": "koordinasi dengan Pejabat Penilai Kinerja",
	"dialog_kinerja": "dialog kinerja",
}

# Same-jenjang: the appraisee is a JF of the same jenjang as the JF who leads the unit.
same_jenjang_as_unit_head if {
	profile.same_jenjang.applies
	head := _resource.unit_head
	head.jabatan.kind in profile.same_jenjang.unit_head_kinds
	_appraisee.jabatan.kind == "fungsional"
	head.jabatan.jenjang == _appraisee.jabatan.jenjang
	head.id != _appraisee.id
}

_condition_holds("same_jenjang_as_unit_head", true) if same_jenjang_as_unit_head

_condition_holds("same_jenjang_as_unit_head", false) if not same_jenjang_as_unit_head

_condition_holds("member_of_team", true) if _appraisee.id in object.get(_team, "anggota", [])

_applies(rule) if {
	_appraisee_matches(rule)
	every k, v in object.get(rule, "when", {}) {
		_condition_holds(k, v)
	}
}

_appraisee_matches(rule) if not rule.appraisee

_appraisee_matches(rule) if _appraisee.jabatan.kind in rule.appraisee.kinds

_requirements_met(rule) if {
	every r in object.get(rule, "requires", []) {
		object.get(object.get(_resource, "facts", {}), r, false) == true
	}
}

_input_source := "Sikerja: masukan keputusan harus lengkap (policies/schemas/input/kinerja.schema.json)"

# ---------------------------------------------------------------------------------------------------------
# Malformed or incomplete input

_jabatan_kinds := {"jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"}

_needs_appraisee := {
	"kinerja.set_skp", "kinerja.sign_skp", "kinerja.approve", "kinerja.assess",
	"kinerja.give_feedback", "kinerja.file_keberatan", "kinerja.decide_keberatan",
}

input_problems contains "actor.id" if not _nip(_in(["actor", "id"]))

input_problems contains "resource" if not is_object(_in(["resource"]))

input_problems contains "resource.date" if not _date(_in(["resource", "date"]))

input_problems contains "resource.appraisee.id" if {
	_action in _needs_appraisee
	not _nip(_in(["resource", "appraisee", "id"]))
}

input_problems contains "resource.appraisee.jabatan.kind" if {
	_action in _needs_appraisee
	not _in(["resource", "appraisee", "jabatan", "kind"]) in _jabatan_kinds
}

input_problems contains "resource.penilai_kinerja" if {
	_action in _needs_appraisee
	not _nip(_in(["resource", "penilai_kinerja"]))
}

input_problems contains "resource.delegations" if {
	_resource.delegations
	not _delegations_well_formed
}

_delegations_well_formed if {
	is_array(_resource.delegations)
	every d in _resource.delegations {
		_nip(object.get(d, "from", null))
		_nip(object.get(d, "to", null))
		object.get(d, "scope", null) in {"penilaian", "penugasan", "penetapan_kinerja"}
		_date(object.get(d, "start", null))
	}
}

input_problems contains "resource.rating" if {
	input.action == "kinerja.assess"
	not _rating_well_formed
}

_rating_well_formed if {
	_resource.rating.hasil_kerja in profile.assess.ratings.values
	_resource.rating.perilaku_kerja in profile.assess.ratings.values
}

input_problems contains "resource.feedback.kind" if {
	input.action == "kinerja.give_feedback"
	not _in(["resource", "feedback", "kind"]) in {"umpan_balik", "rekomendasi_penilaian"}
}

input_problems contains "resource.feedback.recipients" if {
	input.action == "kinerja.give_feedback"
	not _nip_list(_in(["resource", "feedback", "recipients"]))
}

_nip_list(xs) if {
	is_array(xs)
	count(xs) > 0
	every x in xs {
		is_string(x)
		x != ""
	}
}

input_problems contains "resource.organisation.predikat" if {
	input.action == "kinerja.set_predikat_organisasi"
	not _in(["resource", "organisation", "predikat"]) in profile.set_predikat_organisasi.values
}

input_problems contains "resource.organisation.unit" if {
	input.action == "kinerja.set_predikat_organisasi"
	not _nip(_in(["resource", "organisation", "unit"]))
}

input_problems contains "resource.keberatan.evaluation_received_on" if {
	input.action == "kinerja.file_keberatan"
	not _date(_in(["resource", "keberatan", "evaluation_received_on"]))
}

input_problems contains "resource.parties.atasan_pejabat_penilai_kinerja" if {
	_action in {"kinerja.file_keberatan", "kinerja.decide_keberatan"}
	not _nip(_in(["resource", "parties", "atasan_pejabat_penilai_kinerja"]))
}

_entry_denials contains {
	"code": "kinerja.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan pengelolaan kinerja.", [_action]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not _known_action
}

_entry_denials contains {
	"code": "kinerja.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal atau tidak mempunyai bagian kinerja.", [object.get(_input, "profile", "")]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	_known_action
	not _known_profile
}

_entry_denials contains {
	"code": "kinerja.invalid_input",
	"message": sprintf("Masukan tidak lengkap atau tidak sah: %v.", [concat(", ", sort(input_problems))]),
	"source": _input_source,
} if {
	_known_action
	_known_profile
	count(input_problems) > 0
}

_fallback contains {
	"code": "kinerja.denied",
	"message": "Ditolak: tidak ada aturan yang mengizinkan tindakan ini.",
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not allow
	count(_entry_denials) == 0
	count(_denials) == 0
}

# ---------------------------------------------------------------------------------------------------------
# Authority: set_skp, sign_skp, approve, assess, give_feedback, set_predikat_organisasi

_authorities := profile[_section[_action]].authorities

# Authorities whose appraisee and conditions fit this case.
_candidates contains a if {
	some a in _authorities
	_applies(a)
	_kind_fits(a)
}

_kind_fits(_) if _action != "kinerja.give_feedback"

_kind_fits(a) if a.kind == _resource.feedback.kind

# An authority the actor holds (directly, officiating, or by delegation).
_held contains {"authority": a, "as": how} if {
	some a in _candidates
	how := _held_as(a.role, object.get(a, "delegation_scope", "tanpa_pendelegasian"))
}

_granting contains h if {
	some h in _held
	_requirements_met(h.authority)
}

_excluded contains x if {
	input.action == "kinerja.assess"
	some x in profile.assess.exclusions
	_held_as(x.role, "tanpa_pendelegasian")
	every k, v in x.when {
		_condition_holds(k, v)
	}
}

_denials contains {
	"code": "kinerja.not_authorised",
	"message": sprintf("Yang berwenang %v bagi pegawai ini adalah %v; pengguna tidak memegang kewenangan itu.", [_action_label[_action], _label[a.role]]),
	"source": a.source,
} if {
	_ready
	_section[_action]
	count(_held) == 0
	some a in _candidates
}

_denials contains {
	"code": "kinerja.no_rule",
	"message": sprintf("Profil regulasi tidak mempunyai aturan %v untuk jabatan %v.", [_action_label[_action], _appraisee.jabatan.kind]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	_ready
	_section[_action]
	count(_candidates) == 0
}

_denials contains {
	"code": "kinerja.requirement_missing",
	"message": sprintf("%v hanya setelah %v.", [_action_label[_action], concat(" dan ", [_requirement_label[r] | some r in h.authority.requires])]),
	"source": h.authority.source,
} if {
	_ready
	count(_granting) == 0
	some h in _held
	not _requirements_met(h.authority)
}

_denials contains {
	"code": "kinerja.same_jenjang_excluded",
	"message": "Pejabat Level I tidak berperan sebagai Pejabat Penilai Kinerja bagi Pejabat Fungsional yang jenjangnya sama; ia hanya memberikan penugasan dan rekomendasi penilaian.",
	"source": x.source,
} if {
	_ready
	some x in _excluded
}

_grants contains {
	"code": sprintf("kinerja.%v_allowed", [_section[_action]]),
	"message": sprintf("Diizinkan: %v %v sebagai %v (%v).", [_action_label[_action], _appraisee_label, _label[h.authority.role], _how_label[h.as]]),
	"source": h.authority.source,
} if {
	allow
	some h in _granting
}

_appraisee_label := sprintf("pegawai %v", [_appraisee.id]) if _appraisee.id

_appraisee_label := sprintf("unit %v", [_resource.organisation.unit]) if not _appraisee.id

_how_label := {
	"langsung": "langsung",
	"pelaksana_tugas": "sebagai pelaksana tugas",
	"pendelegasian": "berdasarkan pendelegasian kewenangan",
}

# A Ketua Tim gives input (umpan balik) and never the rating.
_feedback_rule_source := profile.give_feedback.rating_forbidden.source

_denials contains {
	"code": "kinerja.ketua_tim_gives_input_only",
	"message": "Ketua Tim memberi umpan balik dan melaporkan hasil kinerja anggota sebagai bahan pertimbangan; rating ditetapkan oleh Pejabat Penilai Kinerja.",
	"source": _feedback_rule_source,
} if {
	_ready
	input.action == "kinerja.assess"
	count(_granting) == 0
	_team.ketua_tim == _actor.id
}

_denials contains {
	"code": "kinerja.feedback_contains_rating",
	"message": "Umpan balik dan rekomendasi penilaian tidak memuat rating; rating ditetapkan oleh Pejabat Penilai Kinerja.",
	"source": _feedback_rule_source,
} if {
	_ready
	input.action == "kinerja.give_feedback"
	_feedback_has_rating
}

_feedback_has_rating if _resource.feedback.rating

_feedback_has_rating if _resource.feedback.predikat

_feedback_authority := [h.authority | some h in _granting][0]

_feedback_roles := {r | some g in _feedback_authority.recipients; some r in g.any_of}

_denials contains {
	"code": "kinerja.recipient_not_allowed",
	"message": sprintf("Masukan penilaian disampaikan kepada %v, bukan kepada %v.", [concat(" atau ", [_label[r] | some r in _feedback_roles]), nip]),
	"source": _feedback_authority.source,
} if {
	_ready
	input.action == "kinerja.give_feedback"
	some nip in _resource.feedback.recipients
	not _feedback_recipient(nip)
}

_feedback_recipient(nip) if {
	some r in _feedback_roles
	_holder(r) == nip
}

_denials contains {
	"code": "kinerja.recipient_missing",
	"message": sprintf("Masukan penilaian wajib disampaikan juga kepada %v.", [concat(" atau ", [_label[r] | some r in group.any_of])]),
	"source": _feedback_authority.source,
} if {
	_ready
	input.action == "kinerja.give_feedback"
	some group in _feedback_authority.recipients
	not _group_reached(group)
}

_group_reached(group) if {
	some r in group.any_of
	_holder(r) in _resource.feedback.recipients
}

# ---------------------------------------------------------------------------------------------------------
# Keberatan

_keberatan := profile.keberatan

_days_between(a, b) := (time.parse_ns("2006-01-02", b) - time.parse_ns("2006-01-02", a)) / ((24 * 3600) * 1000000000)

_denials contains {
	"code": "kinerja.not_the_appraisee",
	"message": "Keberatan atas hasil penilaian diajukan oleh pegawai yang dinilai.",
	"source": _keberatan.file.source,
} if {
	_ready
	input.action == "kinerja.file_keberatan"
	_appraisee.id != _actor.id
}

_denials contains {
	"code": "kinerja.keberatan_late",
	"message": sprintf("Keberatan diajukan paling lama %v hari sejak hasil penilaian diterima.", [_keberatan.file.max_days]),
	"source": _keberatan.file.source,
} if {
	_ready
	input.action == "kinerja.file_keberatan"
	_days_between(_resource.keberatan.evaluation_received_on, _resource.date) > _keberatan.file.max_days
}

_denials contains {
	"code": "kinerja.keberatan_before_evaluation",
	"message": "Keberatan diajukan setelah hasil penilaian diterima.",
	"source": _keberatan.file.source,
} if {
	_ready
	input.action == "kinerja.file_keberatan"
	_resource.date < _resource.keberatan.evaluation_received_on
}

_denials contains {
	"code": "kinerja.keberatan_without_alasan",
	"message": "Keberatan wajib disertai alasan.",
	"source": _keberatan.file.source,
} if {
	_ready
	input.action == "kinerja.file_keberatan"
	_keberatan.file.requires_alasan
	not _has_alasan
}

_has_alasan if trim_space(_resource.keberatan.alasan) != ""

_grants contains {
	"code": "kinerja.keberatan_filed",
	"message": "Diizinkan: keberatan diajukan kepada atasan Pejabat Penilai Kinerja.",
	"source": _keberatan.file.source,
} if {
	allow
	input.action == "kinerja.file_keberatan"
}

_denials contains {
	"code": "kinerja.not_authorised",
	"message": sprintf("Keberatan diputus oleh %v; pengguna tidak memegang kewenangan itu.", [_label[_keberatan.decide.role]]),
	"source": _keberatan.decide.source,
} if {
	_ready
	input.action == "kinerja.decide_keberatan"
	not _held_as(_keberatan.decide.role, "tanpa_pendelegasian")
}

_denials contains {
	"code": "kinerja.penilai_decides_own_evaluation",
	"message": "Pejabat Penilai Kinerja tidak memutus keberatan atas penilaiannya sendiri.",
	"source": _keberatan.decide.source,
} if {
	_ready
	input.action == "kinerja.decide_keberatan"
	_actor.id == _resource.penilai_kinerja
}

_grants contains {
	"code": "kinerja.keberatan_decided",
	"message": "Diizinkan: atasan Pejabat Penilai Kinerja memutus keberatan.",
	"source": _keberatan.decide.source,
} if {
	allow
	input.action == "kinerja.decide_keberatan"
}

# ---------------------------------------------------------------------------------------------------------
# Obligations

default obligations := {}

_granted_as := [{"authority": h.authority.id, "as": h.as} | some h in _granting]

obligations := {
	"granted_as": _granted_as,
	"deadline": _skp_deadline,
	"after_deadline": _resource.date > _skp_deadline,
	"deadline_source": profile.set_skp.deadline.source,
	"coordinate_with": _coordinate_with,
	"signatures_required": [
		{"role": "pegawai", "id": _appraisee.id},
		{"role": "pejabat_penilai_kinerja", "id": _resource.penilai_kinerja},
	],
} if {
	allow
	input.action == "kinerja.set_skp"
}

_skp_deadline := sprintf("%v-%02d-%02d", [_skp_year, profile.set_skp.deadline.month, profile.set_skp.deadline.day])

_skp_year := object.get(object.get(_resource, "period", {}), "year", substring(_resource.date, 0, 4))

_coordinate_with := [_resource.penilai_kinerja | some h in _granting; "koordinasi_dengan_penilai" in object.get(h.authority, "requires", [])]

obligations := _sign_skp_obligations(_granted_as) if {
	allow
	input.action == "kinerja.sign_skp"
}

# Also what the authority table answers with (tables.rego), given the authorities it grants.
_sign_skp_obligations(granted_as) := {
	"granted_as": granted_as,
	"signatures_required": [
		{"role": "pegawai", "id": _appraisee.id},
		{"role": "pejabat_penilai_kinerja", "id": _resource.penilai_kinerja},
	],
}

obligations := {"granted_as": _granted_as} if {
	allow
	input.action == "kinerja.approve"
}

obligations := _assess_obligations(_granted_as) if {
	allow
	input.action == "kinerja.assess"
}

_assess_obligations(granted_as) := {
	"granted_as": granted_as,
	"predikat": profile.assess.predikat_matrix.hasil_kerja[_resource.rating.hasil_kerja][_resource.rating.perilaku_kerja],
	"predikat_source": profile.assess.predikat_matrix.source,
	"inputs_to_consider": profile.assess.inputs_considered,
}

obligations := {
	"granted_as": _granted_as,
	"kind": _resource.feedback.kind,
	"recipients": [{"id": nip, "roles": sort([r | some r in _feedback_roles; _holder(r) == nip])} | some nip in _resource.feedback.recipients],
} if {
	allow
	input.action == "kinerja.give_feedback"
}

obligations := {
	"granted_as": _granted_as,
	"predikat": _resource.organisation.predikat,
	"pola_distribusi": profile.set_predikat_organisasi.distribution.by_predikat[_resource.organisation.predikat],
	"pola_distribusi_source": profile.set_predikat_organisasi.distribution.source,
} if {
	allow
	input.action == "kinerja.set_predikat_organisasi"
}

obligations := {
	"decided_by": {"role": _keberatan.decide.role, "id": _parties.atasan_pejabat_penilai_kinerja},
	"deadline_days": _keberatan.file.max_days,
} if {
	allow
	input.action == "kinerja.file_keberatan"
}

obligations := {
	"final": _keberatan.decide.final,
	"hear": [_appraisee.id, _resource.penilai_kinerja],
	"may_change_result": true,
} if {
	allow
	input.action == "kinerja.decide_keberatan"
}
