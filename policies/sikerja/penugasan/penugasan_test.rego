package sikerja.penugasan_test

import data.sikerja.penugasan

# ------------------------------------------------------------------ fixtures

profiles := data.sikerja.profiles

smp := "perbup-sumenep-9-2024"

jpr := "perbup-jepara-17-2024"

bdg := "perwal-bandung-6-2023"

tla := "perbup-tanahlaut-26-2024"

pky := "perwal-palangkaraya-13-2024"

nas := "permenpanrb-7-2022"

place(i, pd, u) := {"instansi": i, "perangkat_daerah": pd, "unit": u}

home := place("inst-a", "pd-a", "unit-a")

target_places := {
	"dalam_unit_organisasi": place("inst-a", "pd-a", "unit-a"),
	"lintas_unit_organisasi": place("inst-a", "pd-a", "unit-b"),
	"lintas_perangkat_daerah": place("inst-a", "pd-b", "unit-c"),
	"lintas_instansi": place("inst-b", "pd-x", "unit-x"),
}

exchange(scope, mechanism, form, done) := {
	"mechanism": mechanism,
	"form": form,
	"pemilik_kinerja": {"place": home, "penilai_kinerja": "NIP-PK-PEMILIK"},
	"pegawai": {"id": "NIP-PEGAWAI", "place": target_places[scope], "penilai_kinerja": "NIP-PK-ASAL"},
	"steps_done": done,
}

actor_holding(binding, ex) := {
	"id": "NIP-PEJABAT",
	"instansi": ex[binding.side].place.instansi,
	"officiates": [{"as": binding.as, "of": ex[binding.side].place[binding.level]}],
} if {
	binding.kind == "office"
} else := {
	"id": ex[binding.side][binding.field],
	"instansi": ex[binding.side].place.instansi,
	"officiates": [],
}

role_actor(profile, role, ex) := actor_holding(profiles[profile].penugasan.actors[role].binding, ex)

nobody := {"id": "NIP-ORANG-LAIN", "instansi": "inst-a", "officiates": []}

reasons_text := "Pegawai sedang menyelesaikan target prioritas unit."

full_contents(s) := {item.field: "diisi" | some item in object.get(s, "required_contents", [])}

form_of(s) := s.forms[0] if s.forms

else := "individu"

applies(t, _) if not t.forms

applies(t, form) if form in t.forms

first_any(t, ids) := [cands[0]] if {
	cands := [a | some a in object.get(t, "after_any", []); a in ids]
	count(cands) > 0
} else := []

# Steps that must be done before s (its predecessors, taking the first of after_any).
path_to(steps, s) := [id |
	ids := {t.id | some t in steps}
	g := {t.id: array.concat(object.get(t, "after", []), first_any(t, ids)) | some t in steps}
	some id in graph.reachable(g, [s.id])
	id != s.id
]

cases_of(pid) := {c |
	some mech_name, mech in profiles[pid].penugasan.mechanisms
	some scope, f in mech.scopes
	f.allowed == true
	some s in f.steps
	form := form_of(s)
	steps := [t | some t in f.steps; applies(t, form)]
	c := {
		"profile": pid, "mechanism": mech_name, "scope": scope, "flow": f, "step": s,
		"exchange": exchange(scope, mech_name, form, path_to(steps, s)),
	}
}

step_input(c, actor, contents, reasons) := {
	"action": sprintf("penugasan.%s", [c.step.action]),
	"profile": c.profile,
	"actor": actor,
	"resource": object.union(c.exchange, {
		"step": c.step.id,
		"document": {"contents": contents},
		"reasons": reasons,
	}),
}

# Every decision the tests look at is also checked against the whole policy: an allowed decision has no refusal
# and is permitted, a denied one explains itself with refusals (or the default refusal when nothing permits it).
decide(inp) := d if {
	d := penugasan.decision with input as inp
	refusals := penugasan.refusals with input as inp
	agrees_with_refusals(d, refusals, permitted_for(inp))
	same_as_full_rules(d, inp)
}

# A decision taken from the step table (tables.rego) is the one the full rules give; compared as JSON, the form
# the sidecar answers in (the full rules build reasons as a set, the table stores the array it serialises to).
same_as_full_rules(d, inp) if json.marshal(d) == json.marshal(penugasan.full_decision) with input as inp

permitted_for(inp) if {
	penugasan.permitted with input as inp
} else := false

agrees_with_refusals(d, refusals, true) if {
	d.allow
	count(refusals) == 0
}

agrees_with_refusals(d, refusals, _) if {
	not d.allow
	d.reasons == refusals
	count(refusals) > 0
}

agrees_with_refusals(d, refusals, false) if {
	not d.allow
	count(refusals) == 0
}

has_reason(d, code, source) if {
	some r in d.reasons
	r.code == code
	r.source == source
}

codes(d) := {r.code | some r in d.reasons}

label(c) := sprintf("%s %s %s %s", [c.profile, c.mechanism, c.scope, c.step.id])

# ------------------------------------------------------------------ every step of every profile

# Allowed: the step's own actor, on a path where all predecessors are done, with complete contents.
allowed_failures(pid) := {label(c) |
	some c in cases_of(pid)
	d := decide(step_input(c, role_actor(pid, c.step.actors[0], c.exchange), full_contents(c.step), reasons_text))
	not step_allowed(d, c)
}

step_allowed(d, c) if {
	d.allow
	has_reason(d, "penugasan.step_allowed", c.step.source)
	has_reason(d, "penugasan.scope_allowed", c.flow.source)
	d.obligations.step.id == c.step.id
	d.obligations.document == c.step.document
	d.obligations.signers == c.step.signers
	d.obligations.addressees == c.step.addressees
	d.obligations.tembusan == c.step.tembusan
}

# Denied: anyone who does not hold the step's role, with the step's source.
wrong_actor_failures(pid) := {label(c) |
	some c in cases_of(pid)
	d := decide(step_input(c, nobody, full_contents(c.step), reasons_text))
	not denied_with(d, "penugasan.wrong_actor", c.step.source)
}

denied_with(d, code, source) if {
	not d.allow
	has_reason(d, code, source)
}

# Denied: a step taken before its predecessors.
out_of_order_failures(pid) := {label(c) |
	some c in cases_of(pid)
	count(c.exchange.steps_done) > 0
	ex := object.union(c.exchange, {"steps_done": []})
	d := decide(step_input(object.union(c, {"exchange": ex}), role_actor(pid, c.step.actors[0], ex), full_contents(c.step), reasons_text))
	not denied_with(d, "penugasan.step_out_of_order", c.step.source)
}

# Every required content item: refused when missing (its own source), named when complete.
content_failures(pid) := {sprintf("%s %s", [label(c), item.field]) |
	some c in cases_of(pid)
	some item in object.get(c.step, "required_contents", [])
	actor := role_actor(pid, c.step.actors[0], c.exchange)
	denied := decide(step_input(c, actor, object.remove(full_contents(c.step), [item.field]), reasons_text))
	allowed := decide(step_input(c, actor, full_contents(c.step), reasons_text))
	not content_rule_holds(denied, allowed, item)
}

content_rule_holds(denied, allowed, item) if {
	denied_with(denied, "penugasan.missing_contents", item.source)
	allowed.allow
	some r in allowed.reasons
	r.code == "penugasan.contents_complete"
	contains(r.source, item.source)
}

# Every rejection: reasons required where the profile says so (with the step's source), optional elsewhere.
rejection_failures(pid) := {label(c) |
	some c in cases_of(pid)
	c.step.action == "reject"
	actor := role_actor(pid, c.step.actors[0], c.exchange)
	without := decide(step_input(c, actor, full_contents(c.step), ""))
	not rejection_rule_holds(without, c.step)
}

rejection_rule_holds(d, s) if {
	s.reasons_required == true
	denied_with(d, "penugasan.reasons_required", s.source)
}

rejection_rule_holds(d, s) if {
	s.reasons_required == false
	d.allow
}

# Home approval first: the step after it is refused until it is done, naming its source.
home_failures(pid) := {label(c) |
	some c in cases_of(pid)
	h := c.flow.home_approval_first
	h.step in c.step.after
	ex := object.union(c.exchange, {"steps_done": [x | some x in c.exchange.steps_done; x != h.step]})
	d := decide(step_input(object.union(c, {"exchange": ex}), role_actor(pid, c.step.actors[0], ex), full_contents(c.step), reasons_text))
	not denied_with(d, "penugasan.home_approval_required", h.source)
}

# The scope x mechanism matrix: a scope the profile does not allow is refused with its source.
matrix_failures(pid) := {sprintf("%s %s %s", [pid, mech_name, scope]) |
	p := profiles[pid]
	some mech_name, mech in p.penugasan.mechanisms
	some scope, f in mech.scopes
	f.allowed == false
	ex := exchange(scope, mech_name, "individu", [])
	d := decide({
		"action": "penugasan.submit", "profile": pid,
		"actor": actor_holding({"kind": "person", "side": "pegawai", "field": "id"}, ex),
		"resource": ex,
	})
	not denied_with(d, "penugasan.scope_not_allowed", f.source)
}

# Withdrawal by the initiator before the assignment is set; refused afterwards and to others.
withdraw_failures(pid) := {sprintf("%s %s %s", [pid, mech_name, scope]) |
	p := profiles[pid]
	some mech_name, mech in p.penugasan.mechanisms
	some scope, f in mech.scopes
	f.allowed == true
	not f.steps[0].assigns
	ex := exchange(scope, mech_name, "individu", [f.steps[0].id])
	src := profiles[pid].penugasan.common_rules.withdraw.source
	allowed := decide({"action": "penugasan.withdraw", "profile": pid, "actor": role_actor(pid, f.initiator, ex), "resource": ex})
	other := decide({"action": "penugasan.withdraw", "profile": pid, "actor": nobody, "resource": ex})
	not withdraw_rule_holds(allowed, other, src)
}

withdraw_rule_holds(allowed, other, src) if {
	allowed.allow
	has_reason(allowed, "penugasan.withdraw_allowed", src)
	denied_with(other, "penugasan.withdraw_not_initiator", src)
}

withdraw_after_assignment_failures(pid) := {label(c) |
	some c in cases_of(pid)
	c.step.assigns == true
	ex := object.union(c.exchange, {"steps_done": array.concat(c.exchange.steps_done, [c.step.id])})
	d := decide({"action": "penugasan.withdraw", "profile": pid, "actor": role_actor(pid, c.flow.initiator, ex), "resource": ex})
	not denied_with(d, "penugasan.withdraw_after_assignment", c.step.source)
}

none_failed(failures) if {
	print(failures)
	count(failures) == 0
}

test_every_step_allowed_to_its_actor_smp if none_failed(allowed_failures(smp))

test_every_step_denied_to_others_smp if none_failed(wrong_actor_failures(smp))

test_every_step_denied_out_of_order_smp if none_failed(out_of_order_failures(smp))

test_every_required_content_allowed_and_denied_smp if none_failed(content_failures(smp))

test_every_rejection_reasons_rule_allowed_and_denied_smp if none_failed(rejection_failures(smp))

test_home_approval_first_denied_smp if none_failed(home_failures(smp))

test_scopes_outside_the_matrix_denied_smp if none_failed(matrix_failures(smp))

test_withdraw_allowed_to_initiator_and_denied_to_others_smp if none_failed(withdraw_failures(smp))

test_withdraw_after_assignment_denied_smp if none_failed(withdraw_after_assignment_failures(smp))

test_every_step_allowed_to_its_actor_jpr if none_failed(allowed_failures(jpr))

test_every_step_denied_to_others_jpr if none_failed(wrong_actor_failures(jpr))

test_every_step_denied_out_of_order_jpr if none_failed(out_of_order_failures(jpr))

test_every_required_content_allowed_and_denied_jpr if none_failed(content_failures(jpr))

test_every_rejection_reasons_rule_allowed_and_denied_jpr if none_failed(rejection_failures(jpr))

test_home_approval_first_denied_jpr if none_failed(home_failures(jpr))

test_scopes_outside_the_matrix_denied_jpr if none_failed(matrix_failures(jpr))

test_withdraw_allowed_to_initiator_and_denied_to_others_jpr if none_failed(withdraw_failures(jpr))

test_withdraw_after_assignment_denied_jpr if none_failed(withdraw_after_assignment_failures(jpr))

test_every_step_allowed_to_its_actor_bdg if none_failed(allowed_failures(bdg))

test_every_step_denied_to_others_bdg if none_failed(wrong_actor_failures(bdg))

test_every_step_denied_out_of_order_bdg if none_failed(out_of_order_failures(bdg))

test_every_required_content_allowed_and_denied_bdg if none_failed(content_failures(bdg))

test_every_rejection_reasons_rule_allowed_and_denied_bdg if none_failed(rejection_failures(bdg))

test_home_approval_first_denied_bdg if none_failed(home_failures(bdg))

test_scopes_outside_the_matrix_denied_bdg if none_failed(matrix_failures(bdg))

test_withdraw_allowed_to_initiator_and_denied_to_others_bdg if none_failed(withdraw_failures(bdg))

test_withdraw_after_assignment_denied_bdg if none_failed(withdraw_after_assignment_failures(bdg))

test_every_step_allowed_to_its_actor_tla if none_failed(allowed_failures(tla))

test_every_step_denied_to_others_tla if none_failed(wrong_actor_failures(tla))

test_every_step_denied_out_of_order_tla if none_failed(out_of_order_failures(tla))

test_every_required_content_allowed_and_denied_tla if none_failed(content_failures(tla))

test_every_rejection_reasons_rule_allowed_and_denied_tla if none_failed(rejection_failures(tla))

test_home_approval_first_denied_tla if none_failed(home_failures(tla))

test_scopes_outside_the_matrix_denied_tla if none_failed(matrix_failures(tla))

test_withdraw_allowed_to_initiator_and_denied_to_others_tla if none_failed(withdraw_failures(tla))

test_withdraw_after_assignment_denied_tla if none_failed(withdraw_after_assignment_failures(tla))

test_every_step_allowed_to_its_actor_pky if none_failed(allowed_failures(pky))

test_every_step_denied_to_others_pky if none_failed(wrong_actor_failures(pky))

test_every_step_denied_out_of_order_pky if none_failed(out_of_order_failures(pky))

test_every_required_content_allowed_and_denied_pky if none_failed(content_failures(pky))

test_every_rejection_reasons_rule_allowed_and_denied_pky if none_failed(rejection_failures(pky))

test_home_approval_first_denied_pky if none_failed(home_failures(pky))

test_scopes_outside_the_matrix_denied_pky if none_failed(matrix_failures(pky))

test_withdraw_allowed_to_initiator_and_denied_to_others_pky if none_failed(withdraw_failures(pky))

test_withdraw_after_assignment_denied_pky if none_failed(withdraw_after_assignment_failures(pky))

test_every_step_allowed_to_its_actor_nasional if none_failed(allowed_failures(nas))

test_every_step_denied_to_others_nasional if none_failed(wrong_actor_failures(nas))

test_every_step_denied_out_of_order_nasional if none_failed(out_of_order_failures(nas))

test_every_required_content_allowed_and_denied_nasional if none_failed(content_failures(nas))

test_every_rejection_reasons_rule_allowed_and_denied_nasional if none_failed(rejection_failures(nas))

test_home_approval_first_denied_nasional if none_failed(home_failures(nas))

test_scopes_outside_the_matrix_denied_nasional if none_failed(matrix_failures(nas))

test_withdraw_allowed_to_initiator_and_denied_to_others_nasional if none_failed(withdraw_failures(nas))

test_withdraw_after_assignment_denied_nasional if none_failed(withdraw_after_assignment_failures(nas))

test_the_table_covers_every_step if {
	all_cases := {c | some pid, _ in profiles; some c in cases_of(pid)}
	count(all_cases) == sum([count(f.steps) |
		some p in profiles
		some mech in p.penugasan.mechanisms
		some f in mech.scopes
		f.allowed == true
	])
	count(all_cases) > 250
}

# ------------------------------------------------------------------ profile data integrity

integrity_problems contains sprintf("%s %s %s %s -> %s", [pid, m, sc, s.id, ref]) if {
	some pid, p in profiles
	some m, mech in p.penugasan.mechanisms
	some sc, f in mech.scopes
	f.allowed == true
	ids := {t.id | some t in f.steps}
	some s in f.steps
	some ref in array.concat(array.concat(object.get(s, "after", []), object.get(s, "after_any", [])), object.get(s, "exclusive_with", []))
	not ref in ids
}

integrity_problems contains sprintf("%s %s %s %s role %s", [pid, m, sc, s.id, r]) if {
	some pid, p in profiles
	some m, mech in p.penugasan.mechanisms
	some sc, f in mech.scopes
	f.allowed == true
	some s in f.steps
	some k in ["actors", "signers", "addressees", "tembusan"]
	some r in s[k]
	not p.penugasan.actors[r]
}

integrity_problems contains sprintf("%s %s %s initiator", [pid, m, sc]) if {
	some pid, p in profiles
	some m, mech in p.penugasan.mechanisms
	some sc, f in mech.scopes
	f.allowed == true
	not p.penugasan.actors[f.initiator]
}

test_profile_flows_refer_to_known_steps_and_roles if {
	print(integrity_problems)
	count(integrity_problems) == 0
}

# ------------------------------------------------------------------ workflows.md §9 worked examples

dlh_kabid_a := {"id": "NIP-KABID-A", "instansi": "inst-a", "officiates": [{"as": "puo", "of": "unit-a"}]}

dlh_kabid_b := {"id": "NIP-KABID-B", "instansi": "inst-a", "officiates": [{"as": "puo", "of": "unit-b"}]}

jf := {"id": "NIP-PEGAWAI", "instansi": "inst-a", "officiates": []}

four_items := {"maksud_tujuan": "Penyusunan kajian", "kompetensi": "analisis data", "target_kinerja": "1 kajian", "durasi": "3 bulan"}

smp_lintas_uo(actor, action, step, done, contents, reasons) := {
	"action": action,
	"profile": smp,
	"actor": actor,
	"resource": object.union(exchange("lintas_unit_organisasi", "penunjukan", "individu", done), {
		"step": step,
		"document": {"contents": contents},
		"reasons": reasons,
	}),
}

# Example 1: SMP penunjukan lintas UO, happy path.
test_example1_nota_dinas_allowed_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""))
	d.allow
	d.obligations.document == "nota_dinas"
	d.obligations.addressees == ["puo_asal"]
	"kepala_perangkat_daerah_pemilik_kinerja" in d.obligations.tembusan
	some next in d.obligations.next_steps
	next.id == "setujui_permohonan"
	some r in d.reasons
	contains(r.source, "Perbup Sumenep 9/2024 Pasal 12 ayat (3) huruf a (baris 144)")
}

test_example1_nota_dinas_without_duration_denied_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], object.remove(four_items, ["durasi"]), ""))
	not d.allow
	has_reason(d, "penugasan.missing_contents", "Perbup Sumenep 9/2024 Pasal 17 huruf d (baris 209)")
}

test_example1_surat_perintah_issued_by_puo_dituju_allowed_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.issue", "terbitkan_surat_perintah", ["kirim_nota_dinas", "setujui_permohonan"], {}, ""))
	d.allow
	d.obligations.document == "surat_perintah"
	d.obligations.signers == ["puo_asal"]
	d.obligations.next_steps == [{"id": "terima_surat_perintah", "action": "receive", "actors": ["pegawai"]}]
}

test_example1_pegawai_receives_allowed_smp if {
	d := decide(smp_lintas_uo(jf, "penugasan.receive", "terima_surat_perintah", ["kirim_nota_dinas", "setujui_permohonan", "terbitkan_surat_perintah"], {}, ""))
	d.allow
	d.obligations.ends_flow == true
	d.obligations.next_steps == []
}

# Example 2: SMP, a rejection must carry reasons; the requester cannot issue the SP itself.
test_example2_rejection_without_reasons_denied_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.reject", "tolak_permohonan", ["kirim_nota_dinas"], {}, "  "))
	not d.allow
	has_reason(d, "penugasan.reasons_required", profiles[smp].penugasan.mechanisms.penunjukan.scopes.lintas_unit_organisasi.steps[2].source)
	some r in d.reasons
	contains(r.source, "Pasal 12 ayat (3) huruf d (baris 147)")
}

test_example2_rejection_without_reasons_field_denied_smp if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_b, "penugasan.reject", "tolak_permohonan", ["kirim_nota_dinas"], {}, ""), [{"op": "remove", "path": "/resource/reasons"}])
	d := decide(inp)
	not d.allow
	"penugasan.reasons_required" in codes(d)
}

test_example2_rejection_with_reasons_allowed_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.reject", "tolak_permohonan", ["kirim_nota_dinas"], {}, reasons_text))
	d.allow
	"penugasan.reasons_given" in codes(d)
	d.obligations.ends_flow == true
}

test_example2_requester_issuing_sp_denied_smp if {
	d := decide(smp_lintas_uo(dlh_kabid_a, "penugasan.issue", "terbitkan_surat_perintah", ["kirim_nota_dinas", "setujui_permohonan"], {}, ""))
	not d.allow
	some r in d.reasons
	r.code == "penugasan.wrong_actor"
	contains(r.source, "Pasal 12 ayat (3) huruf c (baris 146)")
}

# Example 3: voluntary application, verbal within the unit and written across units, in every seed.
sukarela(profile, scope, actor, action, done) := {
	"action": action,
	"profile": profile,
	"actor": actor,
	"resource": exchange(scope, "pengajuan_sukarela", "individu", done),
}

test_example3_verbal_within_unit_allowed_every_seed if {
	every pid in [smp, jpr, bdg, tla, pky, nas] {
		d := decide(sukarela(pid, "dalam_unit_organisasi", jf, "penugasan.record", []))
		d.allow
		d.obligations.document == "catatan_lisan"
	}
}

test_example3_verbal_across_units_denied_every_seed if {
	every pid in [smp, bdg, tla, pky, nas] {
		d := decide(sukarela(pid, "lintas_unit_organisasi", jf, "penugasan.record", []))
		not d.allow
		"penugasan.written_request_required" in codes(d)
	}
}

# Jepara: another unit kerja of the same Unit Organisasi is still "di dalam unit organisasi" (reading).
test_example3_verbal_across_unit_kerja_allowed_jpr if {
	d := decide(sukarela(jpr, "lintas_unit_organisasi", jf, "penugasan.record", []))
	d.allow
}

test_example3_verbal_across_perangkat_daerah_denied_jpr if {
	d := decide(sukarela(jpr, "lintas_perangkat_daerah", jf, "penugasan.record", []))
	not d.allow
	some r in d.reasons
	r.code == "penugasan.written_request_required"
	contains(r.source, "Perbup Jepara 17/2024 Lampiran pengajuan sukarela angka 2) huruf a (baris 728)")
}

smp_sukarela_done := ["kirim_surat_permohonan", "setujui_permohonan", "teruskan_persetujuan", "setujui_puo_asal"]

test_example3_own_puo_issues_sp_allowed_smp if {
	inp := object.union(sukarela(smp, "lintas_unit_organisasi", dlh_kabid_b, "penugasan.issue", smp_sukarela_done), {"resource": {"step": "terbitkan_surat_perintah"}})
	d := decide(inp)
	d.allow
	has_reason(d, "penugasan.step_allowed", "Perbup Sumenep 9/2024 Pasal 13 ayat (3) huruf c (baris 171): PUO bersangkutan menerbitkan Surat Perintah untuk melaksanakan kinerja di PUO dituju")
}

# In the voluntary flow the pegawai's own PUO (unit-b here) issues; the PUO applied to (unit-a) may not.
test_example3_puo_dituju_issuing_sp_denied_smp if {
	inp := object.union(sukarela(smp, "lintas_unit_organisasi", dlh_kabid_a, "penugasan.issue", smp_sukarela_done), {"resource": {"step": "terbitkan_surat_perintah"}})
	d := decide(inp)
	not d.allow
	"penugasan.wrong_actor" in codes(d)
}

test_example3_forward_copies_pimpinan_pd_smp if {
	d := decide(sukarela(smp, "lintas_unit_organisasi", jf, "penugasan.forward", ["kirim_surat_permohonan", "setujui_permohonan"]))
	d.allow
	d.obligations.addressees == ["puo_asal"]
	d.obligations.tembusan == ["kepala_perangkat_daerah_asal"]
}

# Example 6: Bandung signers. Sekda signs lintas-PD SPs; Kepala PD lintas-UO SPs; the penilai kinerja in-unit SPs.
bdg_input(scope, form, actor, action, step, done, contents) := {
	"action": action,
	"profile": bdg,
	"actor": actor,
	"resource": object.union(exchange(scope, "penunjukan", form, done), {"step": step, "document": {"contents": contents}}),
}

sekda := {"id": "NIP-SEKDA", "instansi": "inst-a", "officiates": [{"as": "sekretaris_daerah", "of": "inst-a"}]}

kepala_pd_asal(pd) := {"id": "NIP-KADIS", "instansi": "inst-a", "officiates": [{"as": "kepala_perangkat_daerah", "of": pd}]}

penilai_asal := {"id": "NIP-PK-ASAL", "instansi": "inst-a", "officiates": []}

test_example6_lintas_pd_sp_by_sekda_allowed_bdg if {
	d := decide(bdg_input("lintas_perangkat_daerah", "individu", sekda, "penugasan.issue", "tetapkan_surat_perintah", ["kirim_surat_permohonan", "setujui_permohonan"], {}))
	d.allow
	some r in d.reasons
	contains(r.source, "Perwal Bandung 6/2023 Pasal 8 ayat (4) huruf b (baris 165)")
}

test_example6_lintas_pd_sp_by_kepala_pd_denied_bdg if {
	every form in ["individu", "tim_kerja"] {
		d := decide(bdg_input("lintas_perangkat_daerah", form, kepala_pd_asal("pd-b"), "penugasan.issue", "tetapkan_surat_perintah", ["kirim_surat_permohonan", "setujui_permohonan"], {}))
		not d.allow
		some r in d.reasons
		r.code == "penugasan.wrong_actor"
		contains(r.source, "Pasal 9 ayat (4) (baris 184)")
	}
}

bdg_lintas_uo_done := ["kirim_surat_permohonan", "setujui_permohonan", "rekomendasi_puo", "susun_surat_perintah"]

test_example6_lintas_uo_sp_by_kepala_pd_allowed_bdg if {
	d := decide(bdg_input("lintas_unit_organisasi", "individu", kepala_pd_asal("pd-a"), "penugasan.issue", "tetapkan_surat_perintah", bdg_lintas_uo_done, {}))
	d.allow
	some r in d.reasons
	contains(r.source, "Pasal 8 ayat (4) huruf a (baris 164)")
}

test_example6_lintas_uo_sp_by_penilai_kinerja_denied_bdg if {
	d := decide(bdg_input("lintas_unit_organisasi", "individu", penilai_asal, "penugasan.issue", "tetapkan_surat_perintah", bdg_lintas_uo_done, {}))
	not d.allow
	"penugasan.wrong_actor" in codes(d)
}

sp_individu := {"maksud_tujuan": "x", "target_kinerja": "y", "pengaturan_lainnya": "z"}

test_example6_in_unit_sp_by_penilai_kinerja_allowed_bdg if {
	d := decide(bdg_input("dalam_unit_organisasi", "individu", penilai_asal, "penugasan.issue", "tetapkan_surat_perintah", ["usulkan_penugasan"], sp_individu))
	d.allow
	some r in d.reasons
	contains(r.source, "Pasal 8 ayat (1) (baris 149)")
}

test_example6_in_unit_sp_without_target_denied_bdg if {
	d := decide(bdg_input("dalam_unit_organisasi", "individu", penilai_asal, "penugasan.issue", "tetapkan_surat_perintah", ["usulkan_penugasan"], object.remove(sp_individu, ["target_kinerja"])))
	not d.allow
	has_reason(d, "penugasan.missing_contents", "Perwal Bandung 6/2023 Pasal 8 ayat (2) huruf b (baris 152)")
}

sp_tim := {"maksud_tujuan": "x", "target_kinerja_tim": "y", "durasi": "6 bulan", "pengaturan_lainnya": "z"}

test_example6_in_unit_team_sp_by_kepala_pd_allowed_bdg if {
	d := decide(bdg_input("dalam_unit_organisasi", "tim_kerja", kepala_pd_asal("pd-a"), "penugasan.issue", "tetapkan_surat_perintah_tim", ["usulkan_penugasan"], sp_tim))
	d.allow
	some r in d.reasons
	contains(r.source, "Pasal 9 ayat (1) (baris 169)")
}

test_example6_in_unit_team_sp_by_penilai_kinerja_denied_bdg if {
	d := decide(bdg_input("dalam_unit_organisasi", "tim_kerja", penilai_asal, "penugasan.issue", "tetapkan_surat_perintah_tim", ["usulkan_penugasan"], sp_tim))
	not d.allow
	"penugasan.wrong_actor" in codes(d)
}

test_individual_step_in_team_form_is_unknown_bdg if {
	d := decide(bdg_input("dalam_unit_organisasi", "tim_kerja", penilai_asal, "penugasan.issue", "tetapkan_surat_perintah", ["usulkan_penugasan"], sp_individu))
	not d.allow
	"penugasan.unknown_step" in codes(d)
}

# ------------------------------------------------------------------ input handling and edge cases

test_empty_input_denied if {
	d := decide({})
	not d.allow
	"penugasan.invalid_input" in codes(d)
	d.obligations == {}
}

test_non_object_input_denied if {
	d := decide("penugasan.submit")
	not d.allow
	count(d.reasons) > 0
}

test_unknown_action_denied if {
	d := decide(object.union(smp_lintas_uo(dlh_kabid_a, "penugasan.delete", "kirim_nota_dinas", [], four_items, ""), {}))
	not d.allow
	codes(d) == {"penugasan.unknown_action"}
}

test_unknown_profile_denied if {
	d := decide(object.union(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), {"profile": "perbup-entah-1-2099"}))
	not d.allow
	codes(d) == {"penugasan.unknown_profile"}
}

test_unknown_mechanism_denied if {
	d := decide(object.union(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), {"resource": {"mechanism": "mutasi"}}))
	not d.allow
	codes(d) == {"penugasan.unknown_mechanism"}
}

test_malformed_fields_denied if {
	inp := object.union(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), {
		"actor": {"officiates": "puo"},
		"resource": {"steps_done": [1], "step": 7, "form": "rombongan"},
	})
	d := decide(inp)
	not d.allow
	problems := {r.message | some r in d.reasons; r.code == "penugasan.invalid_input"}
	count(problems) == 4
}

test_incomplete_place_denied if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), [{"op": "remove", "path": "/resource/pegawai/place/unit"}])
	d := decide(inp)
	not d.allow
	"penugasan.invalid_input" in codes(d)
}

test_step_resolved_without_step_id_allowed if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), [{"op": "remove", "path": "/resource/step"}])
	d := decide(inp)
	d.allow
	d.obligations.step.id == "kirim_nota_dinas"
}

test_no_open_step_denied if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_a, "penugasan.sign", "x", [], four_items, ""), [{"op": "remove", "path": "/resource/step"}])
	d := decide(inp)
	not d.allow
	"penugasan.no_open_step" in codes(d)
}

test_wrong_actor_without_step_id_denied if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_b, "penugasan.submit", "x", [], four_items, ""), [{"op": "remove", "path": "/resource/step"}])
	d := decide(inp)
	not d.allow
	has_reason(d, "penugasan.wrong_actor", profiles[smp].penugasan.mechanisms.penunjukan.scopes.lintas_unit_organisasi.steps[0].source)
}

test_unknown_step_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_surat_cinta", [], four_items, ""))
	not d.allow
	"penugasan.unknown_step" in codes(d)
}

test_unknown_done_step_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.approve", "setujui_permohonan", ["kirim_nota_dinas", "langkah_hantu"], {}, ""))
	not d.allow
	"penugasan.unknown_step" in codes(d)
}

test_step_action_mismatch_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.reject", "setujui_permohonan", ["kirim_nota_dinas"], {}, reasons_text))
	not d.allow
	"penugasan.step_action_mismatch" in codes(d)
}

test_step_already_done_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", ["kirim_nota_dinas"], four_items, ""))
	not d.allow
	"penugasan.step_already_done" in codes(d)
}

test_flow_ended_after_rejection_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.issue", "terbitkan_surat_perintah", ["kirim_nota_dinas", "tolak_permohonan"], {}, ""))
	not d.allow
	"penugasan.flow_ended" in codes(d)
}

test_alternative_closed_denied if {
	d := decide(smp_lintas_uo(dlh_kabid_b, "penugasan.reject", "tolak_permohonan", ["kirim_nota_dinas", "setujui_permohonan"], {}, reasons_text))
	not d.allow
	"penugasan.step_closed" in codes(d)
}

test_after_any_unmet_denied_jpr if {
	inp := {
		"action": "penugasan.receive", "profile": jpr, "actor": jf,
		"resource": object.union(exchange("dalam_unit_organisasi", "penunjukan", "individu", []), {"step": "terima_surat_tugas"}),
	}
	d := decide(inp)
	not d.allow
	"penugasan.step_out_of_order" in codes(d)
}

test_assignment_without_pegawai_denied if {
	inp := json.patch(smp_lintas_uo(dlh_kabid_b, "penugasan.issue", "terbitkan_surat_perintah", ["kirim_nota_dinas", "setujui_permohonan"], {}, ""), [{"op": "remove", "path": "/resource/pegawai/id"}])
	d := decide(inp)
	not d.allow
	"penugasan.pegawai_not_named" in codes(d)
}

test_wrong_document_kind_denied if {
	inp := object.union(smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, ""), {"resource": {"document": {"kind": "catatan_lisan"}}})
	d := decide(inp)
	not d.allow
	"penugasan.wrong_document" in codes(d)
}

test_document_alternative_allowed_jpr if {
	inp := {
		"action": "penugasan.issue", "profile": jpr,
		"actor": {"id": "NIP-KADIS", "instansi": "inst-a", "officiates": [{"as": "puo", "of": "pd-a"}]},
		"resource": object.union(exchange("dalam_unit_organisasi", "penunjukan", "individu", []), {"step": "tunjuk_langsung", "document": {"kind": "keputusan"}}),
	}
	d := decide(inp)
	d.allow
	d.obligations.document_alternatives == ["keputusan"]
}

test_nothing_to_withdraw_denied if {
	d := decide({"action": "penugasan.withdraw", "profile": smp, "actor": dlh_kabid_a, "resource": exchange("lintas_unit_organisasi", "penunjukan", "individu", [])})
	not d.allow
	"penugasan.nothing_to_withdraw" in codes(d)
}

test_withdraw_obligations_name_who_to_notify if {
	d := decide({"action": "penugasan.withdraw", "profile": smp, "actor": dlh_kabid_a, "resource": exchange("lintas_unit_organisasi", "penunjukan", "individu", ["kirim_nota_dinas"])})
	d.allow
	d.obligations.notify == ["kepala_perangkat_daerah_pemilik_kinerja", "puo_asal"]
}

test_team_form_uses_team_steps_pky if {
	inp := {
		"action": "penugasan.issue", "profile": pky,
		"actor": {"id": "NIP-KADIS", "instansi": "inst-a", "officiates": [{"as": "kepala_perangkat_daerah", "of": "pd-a"}]},
		"resource": object.union(exchange("dalam_unit_organisasi", "penunjukan", "tim_kerja", []), {"step": "tetapkan_sk_tim_kerja"}),
	}
	d := decide(inp)
	d.allow
	d.obligations.document == "sk_tim_kerja"
	d.obligations.form == "tim_kerja"
}

# A synthetic profile for paths no real profile reaches.
synthetic := {"sintetis": {"penugasan": {
	"forms": {"values": ["individu"], "default": "individu", "source": "uji"},
	"actors": {"pegawai": {"title": "Pegawai", "binding": {"kind": "person", "side": "pegawai", "field": "id"}, "source": "uji"}},
	"common_rules": {"withdraw": {"rule": "uji", "source": "uji"}},
	"readings": [],
	"mechanisms": {
		"penunjukan": {"source": "uji", "scopes": {}},
		"pengajuan_sukarela": {"source": "uji", "scopes": {"dalam_unit_organisasi": {
			"allowed": true, "source": "uji", "initiator": "pegawai",
			"steps": [
				{"id": "a", "action": "record", "actors": ["pegawai"], "document": null, "signers": [], "addressees": [], "tembusan": [], "after": [], "source": "uji a"},
				{"id": "b", "action": "record", "actors": ["pegawai", "orang_asing"], "document": null, "signers": [], "addressees": [], "tembusan": [], "after": [], "source": "uji b"},
			],
		}}},
	},
}}}

test_ambiguous_step_denied if {
	d := penugasan.decision with input as sukarela("sintetis", "dalam_unit_organisasi", jf, "penugasan.record", [])
		with data.sikerja.profiles as synthetic
	not d.allow
	"penugasan.ambiguous_step" in codes(d)
}

test_unknown_role_title_falls_back_to_its_name if {
	inp := object.union(sukarela("sintetis", "dalam_unit_organisasi", nobody, "penugasan.record", []), {"resource": {"step": "b"}})
	d := penugasan.decision with input as inp with data.sikerja.profiles as synthetic
	not d.allow
	some r in d.reasons
	r.code == "penugasan.wrong_actor"
	contains(r.message, "orang_asing")
}

test_missing_scope_in_profile_denied if {
	d := penugasan.decision with input as sukarela("sintetis", "lintas_instansi", jf, "penugasan.submit", [])
		with data.sikerja.profiles as synthetic
	not d.allow
	codes(d) == {"penugasan.not_permitted"}
}

# ------------------------------------------------------------------ input_valid is checked positively

# input_valid (one positive rule body) holds exactly when input_problems is empty.
valid_input_cases := [
	sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []),
	sukarela(smp, "dalam_unit_organisasi", object.remove(jf, ["officiates"]), "penugasan.record", []),
	sukarela(smp, "dalam_unit_organisasi", object.union(jf, {"officiates": false}), "penugasan.record", []),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"step": ""}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"form": "tim_kerja"}}),
]

invalid_input_cases := [
	"not an object",
	{},
	sukarela(smp, "dalam_unit_organisasi", object.union(jf, {"officiates": "puo"}), "penugasan.record", []),
	sukarela(smp, "dalam_unit_organisasi", object.union(jf, {"id": 7}), "penugasan.record", []),
	sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", ["a", 1]),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"step": 3}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"step": false}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"form": "regu"}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"form": null}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"steps_done": "a"}}),
	object.union(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), {"resource": {"pegawai": {"place": "di mana saja"}}}),
	object.remove(sukarela(smp, "dalam_unit_organisasi", jf, "penugasan.record", []), ["profile"]),
]

test_input_valid_exactly_when_no_input_problems if {
	every inp in valid_input_cases {
		penugasan.input_valid with input as inp
		count(penugasan.input_problems) == 0 with input as inp
	}
	every inp in invalid_input_cases {
		not penugasan.input_valid with input as inp
		count(penugasan.input_problems) > 0 with input as inp
	}
}

test_actor_without_officiates_allowed_smp if {
	d := decide(sukarela(smp, "dalam_unit_organisasi", object.remove(jf, ["officiates"]), "penugasan.record", []))
	d.allow
}

# ------------------------------------------------------------------ the step table (tables.rego)

# Every step of every profile, taken by its actor after its predecessors, is answered from the table (and, by
# decide, with the decision the full rules give).
test_every_allowed_step_answered_from_the_table if {
	missing := {label(c) |
		some pid, _ in profiles
		some c in cases_of(pid)
		inp := step_input(c, role_actor(pid, c.step.actors[0], c.exchange), full_contents(c.step), reasons_text)
		not tabled(inp)
	}
	missing == set()
}

tabled(inp) if penugasan.answered_from_table with input as inp

# What input_valid refuses is never answered from the table, even when the input names a tabled step.
test_invalid_input_never_answered_from_the_table if {
	tabled_case := smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, "")
	tabled(tabled_case)
	malformed := array.concat(invalid_input_cases, [
		json.patch(tabled_case, [{"op": "replace", "path": "/resource/pegawai/place/unit", "value": 7}]),
		json.patch(tabled_case, [{"op": "replace", "path": "/actor/id", "value": 7}]),
		json.patch(tabled_case, [{"op": "replace", "path": "/actor/officiates", "value": {"puo": tabled_case.actor.officiates[0]}}]),
		json.patch(tabled_case, [{"op": "add", "path": "/resource/document/kind", "value": ""}]),
	])
	every inp in malformed {
		not tabled(inp)
		not decide(inp).allow
	}
}

# An input the table does not answer (here: officiates false, which input_valid accepts) takes the full rules.
test_untabled_valid_input_takes_the_full_rules if {
	inp := sukarela(smp, "dalam_unit_organisasi", object.union(jf, {"officiates": false}), "penugasan.record", [])
	not tabled(inp)
	decide(inp).allow
}

# The rows the generator computes for the first step of every flow are the committed rows, and the state each leads
# to is the first step done (tests/contracts/test_policy_tables.py compares the whole table, every state).
test_table_rows_of_the_first_steps_are_the_committed_rows if {
	rows := penugasan.table_rows with input as {"table_states": penugasan.table_start_states}
	count(rows) >= count(penugasan.table_start_states)
	every row in rows {
		row.allowed
		row.after == [row.entry.decision.obligations.step.id]
		json.marshal(data.sikerja.tables.penugasan[row.key]) == json.marshal(row.entry)
	}
}

# A step asked for by its action alone is answered from the table too, as the full rules answer it; a step field
# that merely repeats the action names no step and is refused, table or not.
test_step_by_action_alone_answered_from_the_table if {
	named := smp_lintas_uo(dlh_kabid_a, "penugasan.submit", "kirim_nota_dinas", [], four_items, "")
	by_action := json.remove(named, ["resource/step"])
	tabled(by_action)
	decide(by_action).allow
	decide(by_action).obligations == decide(named).obligations
	as_step := json.patch(named, [{"op": "replace", "path": "/resource/step", "value": "penugasan.submit"}])
	not tabled(as_step)
	not decide(as_step).allow
}
