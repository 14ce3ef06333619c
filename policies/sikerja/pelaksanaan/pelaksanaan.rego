# METADATA
# title: Pelaksanaan tugas dan pertanggungjawaban
# description: |
#   Reporting (who reports to whom, who may demand a report), escalation of problems with alternatif
#   rekomendasi per scope, and the result chain (level by level, only conforming results move up, the
#   return path of the profile). Every rule comes from data.sikerja.profiles[<id>].pelaksanaan.
#   Input contract: policies/schemas/input/pelaksanaan.schema.json.
package sikerja.pelaksanaan

import data.sikerja.boundary

# METADATA
# title: Decision
# description: The structured decision for a pelaksanaan action.
# entrypoint: true
decision := tabled_report_decision if answered_from_table

else := full_decision

# The decision by the rules below; decision takes an allowed report from the report table and its positive checks
# (tables.rego), which give exactly what this gives for it.
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
	"pelaksanaan.report",
	"pelaksanaan.request_report",
	"pelaksanaan.escalate",
	"pelaksanaan.submit_result",
	"pelaksanaan.accept_result",
	"pelaksanaan.return_result",
	"pelaksanaan.correct_result",
}

reasons := ((_entry_denials | _denials) | _grants) | _fallback

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

_work := w if {
	w := _resource.work
	is_object(w)
} else := {}

_parties := p if {
	p := _resource.parties
	is_object(p)
} else := {}

profile := data.sikerja.profiles[_input.profile].pelaksanaan

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

_member_ids := {m.id | some m in _work.members}

# The holder of a role for this piece of work: the Ketua Tim from the work, every other role from the parties
# the service resolved through org-registry.
_holder(role) := _work.ketua_tim if role == "ketua_tim"

_holder(role) := _parties[role] if role != "ketua_tim"

_officiate_names := {
	"pejabat_penilai_kinerja": {"pejabat_penilai_kinerja"},
	"pimpinan_unit_organisasi": {"puo", "pimpinan_unit_organisasi"},
	"pimpinan_unit_kerja": {"pimpinan_unit_kerja"},
	"kepala_perangkat_daerah": {"kepala_perangkat_daerah"},
	"pimpinan_instansi": {"pimpinan_instansi"},
}

# The actor holds a role as its holder, or officiates (Plt/Plh) for the unit the role belongs to.
_actor_holds(role) if _holder(role) == _actor.id

_actor_holds(role) if {
	some o in object.get(_actor, "officiates", [])
	o.as in _officiate_names[role]
	o.of == object.get(_resource, "party_units", {})[role]
}

_label := {
	"pejabat_penilai_kinerja": "Pejabat Penilai Kinerja",
	"pimpinan_unit_organisasi": "Pimpinan Unit Organisasi",
	"pimpinan_unit_kerja": "Pimpinan Unit Kerja",
	"kepala_perangkat_daerah": "Kepala Perangkat Daerah",
	"pimpinan_instansi": "pimpinan Instansi Pemerintah",
	"ketua_tim": "Ketua Tim",
	"anggota_tim": "anggota tim",
	"individu": "pegawai yang ditugaskan secara individu",
}

_labels(roles) := concat(" atau ", [_label[r] | some r in roles])

_input_source := "Sikerja: masukan keputusan harus lengkap (policies/schemas/input/pelaksanaan.schema.json)"

# ---------------------------------------------------------------------------------------------------------
# Malformed or incomplete input

input_problems contains "actor.id" if not _nip(_in(["actor", "id"]))

input_problems contains "resource" if not is_object(_in(["resource"]))

_report_actions := {"pelaksanaan.report", "pelaksanaan.request_report", "pelaksanaan.escalate"}

_result_actions := {
	"pelaksanaan.submit_result", "pelaksanaan.accept_result",
	"pelaksanaan.return_result", "pelaksanaan.correct_result",
}

input_problems contains "resource.parties" if {
	_action in _report_actions
	not is_object(_in(["resource", "parties"]))
}

input_problems contains "resource.work.mode" if {
	_action in _report_actions
	not _in(["resource", "work", "mode"]) in {"individu", "tim"}
}

input_problems contains "resource.work.assignee" if {
	_action in _report_actions
	_work.mode == "individu"
	not _nip(_in(["resource", "work", "assignee"]))
}

input_problems contains "resource.work.ketua_tim" if {
	_action in _report_actions
	_work.mode == "tim"
	not _nip(_in(["resource", "work", "ketua_tim"]))
}

input_problems contains "resource.work.members" if {
	_action in _report_actions
	_work.mode == "tim"
	not _members_well_formed
}

_members_well_formed if {
	is_array(_work.members)
	count(_work.members) > 0
	every m in _work.members {
		_nip(object.get(m, "id", null))
	}
}

input_problems contains "resource.report.as" if {
	input.action == "pelaksanaan.report"
	not _in(["resource", "report", "as"]) in {"individu", "anggota_tim", "ketua_tim"}
}

input_problems contains "resource.report.occasion" if {
	input.action == "pelaksanaan.report"
	not _in(["resource", "report", "occasion"]) in {"berkala", "permasalahan", "atas_permintaan"}
}

input_problems contains "resource.report.recipients" if {
	input.action == "pelaksanaan.report"
	not _nip_list(_in(["resource", "report", "recipients"]))
}

input_problems contains "resource.report.requested_by" if {
	input.action == "pelaksanaan.report"
	_resource.report.occasion == "atas_permintaan"
	not _nip(_in(["resource", "report", "requested_by"]))
}

_nip_list(xs) if {
	is_array(xs)
	count(xs) > 0
	every x in xs {
		is_string(x)
		x != ""
	}
}

input_problems contains "resource.request.from" if {
	input.action == "pelaksanaan.request_report"
	not _nip(_in(["resource", "request", "from"]))
}

input_problems contains "resource.work.owner_place" if {
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	not boundary.complete_place(_in(["resource", "work", "owner_place"]))
}

input_problems contains "resource.work.members[].place" if {
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	some m in _work.members
	not boundary.complete_place(object.get(m, "place", null))
}

input_problems contains "resource.escalation.level" if {
	input.action == "pelaksanaan.escalate"
	not _positive_int(_in(["resource", "escalation", "level"]))
}

input_problems contains "resource.escalation.targets" if {
	input.action == "pelaksanaan.escalate"
	not _nip_list(_in(["resource", "escalation", "targets"]))
}

input_problems contains "resource.escalation.alternatif_rekomendasi" if {
	input.action == "pelaksanaan.escalate"
	not is_array(_in(["resource", "escalation", "alternatif_rekomendasi"]))
}

_positive_int(x) if {
	is_number(x)
	x == round(x)
	x >= 1
}

input_problems contains "resource.result.chain" if {
	_action in _result_actions
	not _chain_well_formed
}

_chain_well_formed if {
	_nip_list(_resource.result.chain)
	count(_resource.result.chain) >= 2
}

input_problems contains "resource.result.at" if {
	_action in _result_actions
	not _at_well_formed
}

_at_well_formed if {
	at := _resource.result.at
	is_number(at)
	at == round(at)
	at >= 0
	at < count(_resource.result.chain)
}

input_problems contains "resource.result.conforms" if {
	_action in _result_actions
	not is_boolean(_in(["resource", "result", "conforms"]))
}

input_problems contains "resource.result.to" if {
	_action in {"pelaksanaan.submit_result", "pelaksanaan.return_result"}
	not _nip(_in(["resource", "result", "to"]))
}

_entry_denials contains {
	"code": "pelaksanaan.unknown_action",
	"message": sprintf("Tindakan %v tidak dikenal oleh kebijakan pelaksanaan tugas.", [_action]),
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not _known_action
}

_entry_denials contains {
	"code": "pelaksanaan.unknown_profile",
	"message": sprintf("Profil regulasi %v tidak dikenal atau tidak mempunyai bagian pelaksanaan.", [object.get(_input, "profile", "")]),
	"source": "Sikerja: setiap instansi menganut satu profil regulasi yang terdaftar",
} if {
	_known_action
	not _known_profile
}

_entry_denials contains {
	"code": "pelaksanaan.invalid_input",
	"message": sprintf("Masukan tidak lengkap atau tidak sah: %v.", [concat(", ", sort(input_problems))]),
	"source": _input_source,
} if {
	_known_action
	_known_profile
	count(input_problems) > 0
}

_fallback contains {
	"code": "pelaksanaan.denied",
	"message": "Ditolak: tidak ada aturan yang mengizinkan tindakan ini.",
	"source": "Sikerja: tolak bila tidak ada aturan yang mengizinkan",
} if {
	not allow
	count(_entry_denials) == 0
	count(_denials) == 0
}

# ---------------------------------------------------------------------------------------------------------
# pelaksanaan.report: a pegawai reports on the work to the recipients the profile names.

_report := object.get(_resource, "report", {})

_report_rule := profile.reporting[_report.as]

_is_reporter if {
	_report.as == "individu"
	_work.mode == "individu"
	_work.assignee == _actor.id
}

_is_reporter if {
	_report.as == "ketua_tim"
	_work.mode == "tim"
	_work.ketua_tim == _actor.id
}

_is_reporter if {
	_report.as == "anggota_tim"
	_work.mode == "tim"
	_actor.id in _member_ids
	_actor.id != _work.ketua_tim
}

_denials contains {
	"code": "pelaksanaan.not_the_reporter",
	"message": sprintf("Pengguna tidak melaksanakan tugas ini sebagai %v.", [_label[_report.as]]),
	"source": _report_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	not _is_reporter
}

_report_roles := {r | some g in _report_rule.recipients; some r in g.any_of}

_recipient_roles(nip) := {r | some r in _report_roles; _holder(r) == nip}

_denials contains {
	"code": "pelaksanaan.occasion_not_provided",
	"message": sprintf("Laporan %v pada kesempatan '%v' tidak diatur; kesempatan yang diatur: %v.", [_label[_report.as], _report.occasion, concat(", ", _report_rule.occasions)]),
	"source": _report_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	_report.occasion != "atas_permintaan"
	not _report.occasion in _report_rule.occasions
}

_denials contains {
	"code": "pelaksanaan.recipient_not_allowed",
	"message": sprintf("Laporan %v tidak disampaikan kepada %v; penerimanya adalah %v.", [_label[_report.as], nip, _labels(_report_roles)]),
	"source": _report_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	_report.occasion != "atas_permintaan"
	some nip in _report.recipients
	count(_recipient_roles(nip)) == 0
}

_denials contains {
	"code": "pelaksanaan.recipient_missing",
	"message": sprintf("Laporan %v wajib disampaikan juga kepada %v.", [_label[_report.as], _labels(group.any_of)]),
	"source": _report_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	_report.occasion != "atas_permintaan"
	some group in _report_rule.recipients
	not _group_reached(group, _report.recipients)
}

_group_reached(group, recipients) if {
	some r in group.any_of
	_holder(r) in recipients
}

# A report given because an authorised official asked for it goes to that official.
_requests := profile.report_requests

_is_requester(nip) if {
	some r in _requests.requesters
	_holder(r) == nip
}

_denials contains {
	"code": "pelaksanaan.requester_not_allowed",
	"message": sprintf("Permintaan laporan hanya dapat diajukan oleh %v.", [_labels(_requests.requesters)]),
	"source": _requests.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	_report.occasion == "atas_permintaan"
	not _is_requester(_report.requested_by)
}

_denials contains {
	"code": "pelaksanaan.request_target_not_allowed",
	"message": sprintf("Laporan sewaktu-waktu hanya dapat diminta dari %v.", [_labels(_requests.targets)]),
	"source": _requests.source,
} if {
	_ready
	_action in {"pelaksanaan.report", "pelaksanaan.request_report"}
	_requested_as
	not _requested_as in _requests.targets
}

_requested_as := _report.as if {
	input.action == "pelaksanaan.report"
	_report.occasion == "atas_permintaan"
}

_requested_as := _request_target_role if input.action == "pelaksanaan.request_report"

_denials contains {
	"code": "pelaksanaan.recipient_not_requester",
	"message": "Laporan atas permintaan disampaikan kepada pejabat yang memintanya saja.",
	"source": _requests.source,
} if {
	_ready
	input.action == "pelaksanaan.report"
	_report.occasion == "atas_permintaan"
	{x | some x in _report.recipients} != {_report.requested_by}
}

_grants contains {
	"code": "pelaksanaan.report_allowed",
	"message": sprintf("Diizinkan: laporan %v disampaikan kepada %v.", [_label[_report.as], _labels(_report_roles)]),
	"source": _report_rule.source,
} if {
	allow
	input.action == "pelaksanaan.report"
	_report.occasion != "atas_permintaan"
}

_grants contains {
	"code": "pelaksanaan.report_on_request_allowed",
	"message": "Diizinkan: laporan disampaikan kepada pejabat yang memintanya.",
	"source": _requests.source,
} if {
	allow
	input.action == "pelaksanaan.report"
	_report.occasion == "atas_permintaan"
}

# ---------------------------------------------------------------------------------------------------------
# pelaksanaan.request_report: an authorised official demands a report at any time.

_request_target_role := "ketua_tim" if {
	_work.mode == "tim"
	_resource.request.from == _work.ketua_tim
} else := "anggota_tim" if {
	_work.mode == "tim"
	_resource.request.from in _member_ids
} else := "individu" if {
	_work.mode == "individu"
	_resource.request.from == _work.assignee
}

_actor_requester_roles := {r | some r in _requests.requesters; _actor_holds(r)}

_denials contains {
	"code": "pelaksanaan.requester_not_allowed",
	"message": sprintf("Permintaan laporan hanya dapat diajukan oleh %v.", [_labels(_requests.requesters)]),
	"source": _requests.source,
} if {
	_ready
	input.action == "pelaksanaan.request_report"
	count(_actor_requester_roles) == 0
}

_denials contains {
	"code": "pelaksanaan.request_target_unknown",
	"message": "Pegawai yang dimintai laporan tidak melaksanakan tugas ini.",
	"source": _requests.source,
} if {
	_ready
	input.action == "pelaksanaan.request_report"
	not _request_target_role
}

_grants contains {
	"code": "pelaksanaan.request_report_allowed",
	"message": sprintf("Diizinkan: %v meminta laporan sewaktu-waktu kepada %v.", [_labels(_actor_requester_roles), _label[_request_target_role]]),
	"source": _requests.source,
} if {
	allow
	input.action == "pelaksanaan.request_report"
}

# ---------------------------------------------------------------------------------------------------------
# pelaksanaan.escalate: a Tim Kerja brings problems with alternatif rekomendasi to the level the scope names.

_escalation := object.get(_resource, "escalation", {})

_scope_rank := {s: i | some i, s in boundary.scopes}

# The scope of a team is the widest boundary between the owning unit and any member's unit.
team_scope := boundary.scopes[max({_scope_rank[boundary.scope_between(_work.owner_place, m.place)] | some m in _work.members})]

_scope_rule := profile.escalation.scopes[team_scope]

_level_rule := [l | some l in _scope_rule.levels; l.level == _escalation.level][0]

_is_team_member if _actor.id == _work.ketua_tim

_is_team_member if _actor.id in _member_ids

_denials contains {
	"code": "pelaksanaan.escalation_is_for_teams",
	"message": "Penyampaian permasalahan beserta alternatif rekomendasi diatur untuk Tim Kerja; pegawai yang bekerja secara individu melaporkan permasalahan kepada penerima laporannya.",
	"source": profile.reporting.individu.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	_work.mode == "individu"
}

_denials contains {
	"code": "pelaksanaan.not_team_member",
	"message": "Permasalahan Tim Kerja disampaikan oleh Ketua Tim atau anggota tim itu sendiri.",
	"source": profile.escalation.alternatif_rekomendasi.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	not _is_team_member
}

_denials contains {
	"code": "pelaksanaan.scope_not_provided",
	"message": sprintf("Profil regulasi tidak mengatur pelaksanaan tugas Tim Kerja %v.", [team_scope]),
	"source": _scope_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	_scope_rule.provided == false
}

_denials contains {
	"code": "pelaksanaan.level_not_provided",
	"message": sprintf("Eskalasi tingkat %v tidak diatur untuk Tim Kerja %v (tingkat yang diatur: %v).", [_escalation.level, team_scope, count(_scope_rule.levels)]),
	"source": _scope_rule.levels[0].source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	_scope_rule.provided == true
	not _level_rule
}

_denials contains {
	"code": "pelaksanaan.level_skipped",
	"message": sprintf("Eskalasi tingkat %v hanya setelah permasalahan disampaikan pada tingkat %v.", [_escalation.level, _escalation.level - 1]),
	"source": _level_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	_work.mode == "tim"
	_escalation.level > 1
	not (_escalation.level - 1) in object.get(_escalation, "raised_levels", [])
}

_denials contains {
	"code": "pelaksanaan.alternatif_rekomendasi_missing",
	"message": "Permasalahan dan kendala wajib disampaikan beserta alternatif rekomendasi.",
	"source": profile.escalation.alternatif_rekomendasi.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	profile.escalation.alternatif_rekomendasi.required
	not _has_recommendation
}

_has_recommendation if {
	some a in _escalation.alternatif_rekomendasi
	is_string(a)
	trim_space(a) != ""
}

# Every eligible target of the level: at the owner of the work, or at the home of each member.
escalation_targets contains {"role": r, "id": _parties[r]} if {
	_level_rule.at == "pemilik_kinerja"
	some r in _level_rule.targets
	_nip(_parties[r])
}

escalation_targets contains {"role": r, "id": m.home[r]} if {
	_level_rule.at == "asal_anggota"
	some m in _work.members
	some r in _level_rule.targets
	_nip(m.home[r])
}

_target_ids := {t.id | some t in escalation_targets}

_denials contains {
	"code": "pelaksanaan.escalation_target_not_allowed",
	"message": sprintf("Permasalahan pada tingkat %v disampaikan kepada %v, bukan kepada %v.", [_level_rule.level, _labels(_level_rule.targets), nip]),
	"source": _level_rule.source,
} if {
	_ready
	input.action == "pelaksanaan.escalate"
	some nip in _escalation.targets
	not nip in _target_ids
}

_grants contains {
	"code": "pelaksanaan.escalation_allowed",
	"message": sprintf("Diizinkan: permasalahan Tim Kerja %v tingkat %v disampaikan kepada %v.", [team_scope, _level_rule.level, _labels(_level_rule.targets)]),
	"source": _level_rule.source,
} if {
	allow
	input.action == "pelaksanaan.escalate"
}

# ---------------------------------------------------------------------------------------------------------
# The result chain: chain[0] is the executor (Ketua Tim, Individu or Pejabat Pengawas), the last entry is the
# official who declares the activity finished. chain[at] holds the result now.

_result := object.get(_resource, "result", {})

_chain := _result.chain

_at := _result.at

_top := count(_chain) - 1

_forward := profile.result_chain.forward

_completion := profile.result_chain.completion

_return := profile.result_chain.return

_holds_result if _chain[_at] == _actor.id

_denials contains {
	"code": "pelaksanaan.not_result_holder",
	"message": sprintf("Hasil berada pada tingkat %v (%v); hanya pejabat pada tingkat itu yang dapat menindaklanjutinya.", [_at, _chain[_at]]),
	"source": _chain_source,
} if {
	_ready
	_action in _result_actions
	not _holds_result
}

_chain_source := _forward.source if input.action == "pelaksanaan.submit_result"

_chain_source := _completion.source if input.action == "pelaksanaan.accept_result"

_chain_source := _return.source if _action in {"pelaksanaan.return_result", "pelaksanaan.correct_result"}

# submit_result: one level up, never skipping, only results that conform when the profile says so.
_denials contains {
	"code": "pelaksanaan.already_at_top",
	"message": "Hasil sudah berada pada pejabat puncak; pejabat itu menerima dan menyatakan kegiatan selesai.",
	"source": _completion.source,
} if {
	_ready
	input.action == "pelaksanaan.submit_result"
	_at >= _top
}

_denials contains {
	"code": "pelaksanaan.result_not_conforming",
	"message": "Hanya hasil yang sudah sesuai dengan target dan ekspektasi yang disampaikan ke tingkat berikutnya.",
	"source": _forward.source,
} if {
	_ready
	input.action == "pelaksanaan.submit_result"
	_forward.only_conforming
	_result.conforms != true
}

_denials contains {
	"code": "pelaksanaan.level_skipped",
	"message": sprintf("Hasil disampaikan secara berjenjang kepada tingkat berikutnya (%v), tidak melompati tingkat.", [_chain[_at + 1]]),
	"source": _forward.source,
} if {
	_ready
	input.action == "pelaksanaan.submit_result"
	_at < _top
	_result.to != _chain[_at + 1]
}

_grants contains {
	"code": "pelaksanaan.result_forwarded",
	"message": sprintf("Diizinkan: hasil disampaikan ke tingkat %v.", [_at + 1]),
	"source": _forward.source,
} if {
	allow
	input.action == "pelaksanaan.submit_result"
}

# accept_result: only the top of the chain declares the activity finished, and only a conforming result.
_denials contains {
	"code": "pelaksanaan.not_top_of_chain",
	"message": "Kegiatan dinyatakan selesai hanya oleh pejabat puncak rantai; pejabat lain meneruskan hasil yang sudah sesuai.",
	"source": _completion.source,
} if {
	_ready
	input.action == "pelaksanaan.accept_result"
	_at != _top
}

_denials contains {
	"code": "pelaksanaan.result_not_conforming",
	"message": "Kegiatan dinyatakan selesai hanya bila hasilnya telah sesuai dengan target dan ekspektasi.",
	"source": _completion.source,
} if {
	_ready
	input.action == "pelaksanaan.accept_result"
	_result.conforms != true
}

_grants contains {
	"code": "pelaksanaan.result_accepted",
	"message": "Diizinkan: hasil diterima dan pelaksanaan kegiatan dinyatakan selesai.",
	"source": _completion.source,
} if {
	allow
	input.action == "pelaksanaan.accept_result"
}

# return_result: a result that does not conform goes back along the profile's return path.
_return_target_level := _at - 1 if _return.mode == "berjenjang"

_return_target_level := 0 if _return.mode == "langsung_ke_pelaksana"

_denials contains {
	"code": "pelaksanaan.return_not_provided",
	"message": "Hasil yang tidak sesuai tidak dikembalikan; pimpinan melakukan perbaikan pencapaian target kinerja (pelaksanaan.correct_result).",
	"source": _return.source,
} if {
	_ready
	input.action == "pelaksanaan.return_result"
	_return.mode == "diperbaiki_pimpinan"
}

_denials contains {
	"code": "pelaksanaan.nothing_below",
	"message": "Hasil masih berada pada pelaksana; tidak ada tingkat di bawahnya.",
	"source": _return.source,
} if {
	_ready
	input.action == "pelaksanaan.return_result"
	_at < 1
}

_denials contains {
	"code": "pelaksanaan.result_conforms",
	"message": "Hasil yang sudah sesuai dengan target dan ekspektasi diteruskan atau diterima, tidak dikembalikan.",
	"source": _return.source,
} if {
	_ready
	_action in {"pelaksanaan.return_result", "pelaksanaan.correct_result"}
	_result.conforms != false
}

_denials contains {
	"code": "pelaksanaan.return_target_not_allowed",
	"message": sprintf("Hasil dikembalikan kepada %v (tingkat %v), sesuai jalur pengembalian profil.", [_chain[_return_target_level], _return_target_level]),
	"source": _return.source,
} if {
	_ready
	input.action == "pelaksanaan.return_result"
	_at >= 1
	_result.to != _chain[_return_target_level]
}

_grants contains {
	"code": "pelaksanaan.result_returned",
	"message": sprintf("Diizinkan: hasil dikembalikan ke tingkat %v untuk disesuaikan kembali.", [_return_target_level]),
	"source": _return.source,
} if {
	allow
	input.action == "pelaksanaan.return_result"
}

# correct_result: where the profile has the head correct the result instead of returning it.
_denials contains {
	"code": "pelaksanaan.correction_not_provided",
	"message": "Profil regulasi mengembalikan hasil yang tidak sesuai (pelaksanaan.return_result), bukan memperbaikinya di tingkat pimpinan.",
	"source": _return.source,
} if {
	_ready
	input.action == "pelaksanaan.correct_result"
	_return.mode != "diperbaiki_pimpinan"
}

_denials contains {
	"code": "pelaksanaan.not_top_of_chain",
	"message": "Perbaikan pencapaian target kinerja dilakukan oleh pimpinan pada puncak rantai.",
	"source": _return.source,
} if {
	_ready
	input.action == "pelaksanaan.correct_result"
	_at != _top
}

_grants contains {
	"code": "pelaksanaan.result_corrected",
	"message": "Diizinkan: pimpinan melakukan perbaikan pencapaian target kinerja.",
	"source": _return.source,
} if {
	allow
	input.action == "pelaksanaan.correct_result"
}

# ---------------------------------------------------------------------------------------------------------
# Obligations

default obligations := {}

obligations := {
	"recipients": [{"id": nip, "roles": sort(_recipient_roles(nip))} | some nip in _report.recipients],
	"cadence": _cadence,
	"occasion": _report.occasion,
} if {
	allow
	input.action == "pelaksanaan.report"
	_report.occasion != "atas_permintaan"
}

_cadence := "berkala" if _report_rule.periodic

else := "sewaktu_waktu"

obligations := {
	"recipients": [{"id": _report.requested_by, "roles": ["peminta_laporan"]}],
	"cadence": "sewaktu_waktu",
	"occasion": "atas_permintaan",
} if {
	allow
	input.action == "pelaksanaan.report"
	_report.occasion == "atas_permintaan"
}

obligations := {
	"report_from": {"id": _resource.request.from, "as": _request_target_role},
	"report_to": _actor.id,
	"cadence": "sewaktu_waktu",
} if {
	allow
	input.action == "pelaksanaan.request_report"
}

obligations := {
	"scope": team_scope,
	"level": _level_rule.level,
	"escalation_targets": escalation_targets,
	"next_level": _next_escalation_level,
	"purpose": _escalation_purpose[_level_rule.at],
} if {
	allow
	input.action == "pelaksanaan.escalate"
}

_next_escalation_level := n if {
	n := _level_rule.level + 1
	some l in _scope_rule.levels
	l.level == n
} else := null

_return_path := [_chain[i] | some i in numbers.range(_at - 1, 0)] if _return.mode == "berjenjang"

_return_path := [_chain[0]] if _return.mode == "langsung_ke_pelaksana"

_escalation_purpose := {
	"pemilik_kinerja": "diputuskan dan/atau ditindaklanjuti",
	"asal_anggota": "ditindaklanjuti sesuai tugas dan fungsi masing-masing",
}

obligations := {
	"next_level": {"level": _at + 1, "id": _chain[_at + 1]},
	"reaches_top": (_at + 1) == _top,
} if {
	allow
	input.action == "pelaksanaan.submit_result"
}

obligations := {
	"completed": true,
	"declared_by": _actor.id,
} if {
	allow
	input.action == "pelaksanaan.accept_result"
}

obligations := {
	"return_to": {"level": _return_target_level, "id": _chain[_return_target_level]},
	"return_path": _return_path,
	"mode": _return.mode,
} if {
	allow
	input.action == "pelaksanaan.return_result"
}

obligations := {
	"corrected_by": _actor.id,
	"completed": false,
	"mode": _return.mode,
} if {
	allow
	input.action == "pelaksanaan.correct_result"
}
