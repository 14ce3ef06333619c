"""Roles that are not positions (V5, V7, V11; Pejabat yang Berwenang): allowed and refused, each with its source."""

from datetime import date

import pytest
from org_registry.domain.kedudukan import resolve
from org_registry.domain.roles import RoleAssignment, default_pejabat_yang_berwenang, role_problems
from org_registry.domain.structure import JabatanKind, Jenjang, PdType

from .org_builder import Org, load_role_rules, load_rules

K, J = JabatanKind, Jenjang


def _appoint(role, holder, unit=None):
    return RoleAssignment("199001012020011001", role, unit, date(2025, 1, 2), None, "Surat Perintah contoh")


# --- Perwal Bandung 6/2023 Pasal 11 ayat (2) dan (4): Koordinator Tim Kerja, JF, in a unit led by a JPT Pratama ---

def test_bandung_koordinator_tim_kerja_is_a_jf_in_a_jpt_led_unit_allowed():
    org = Org(PdType.DINAS, "jpt1")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MUDA, "root")
    rules = load_role_rules("perwal-bandung-6-2023")
    assert role_problems(rules, org.structure, [jf], _appoint("koordinator_tim_kerja", jf, "u-root")) == []


def test_bandung_koordinator_tim_kerja_from_a_pelaksana_is_denied():
    org = Org(PdType.DINAS, "jpt1")
    pelaksana = org.place(K.PELAKSANA, None, "root")
    [problem] = role_problems(load_role_rules("perwal-bandung-6-2023"), org.structure, [pelaksana],
                              _appoint("koordinator_tim_kerja", pelaksana, "u-root"))
    assert problem.field == "nip" and "Pasal 11 ayat (2) dan (4)" in problem.source


def test_bandung_koordinator_tim_kerja_in_a_unit_led_by_an_administrator_is_denied():
    org = Org(PdType.DINAS, "jpt3")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MUDA, "bidang")
    [problem] = role_problems(load_role_rules("perwal-bandung-6-2023"), org.structure, [jf],
                              _appoint("koordinator_tim_kerja", jf, "u-bidang"))
    assert problem.field == "unit" and "baris 199, 204" in problem.source


# --- Perbup Jepara 17/2024 Lampiran (baris 602): koordinator substansi is a JF ahli madya ---

def test_jepara_koordinator_substansi_ahli_madya_allowed():
    org = Org(PdType.DPMPTSP, "jpt1")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MADYA, "root")
    assert role_problems(load_role_rules("perbup-jepara-17-2024"), org.structure, [jf],
                         _appoint("koordinator_substansi", jf, "u-root")) == []


def test_jepara_koordinator_substansi_ahli_muda_denied():
    org = Org(PdType.DPMPTSP, "jpt1")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MUDA, "root")
    [problem] = role_problems(load_role_rules("perbup-jepara-17-2024"), org.structure, [jf],
                              _appoint("koordinator_substansi", jf, "u-root"))
    assert "ahli_madya" in problem.reason and "baris 602" in problem.source


# --- Perbup Tanah Laut 26/2024 Pasal 21 ayat (3): the PUO appoints a Pengawas as ketua tim kerja ---

def test_tanahlaut_pengawas_appointed_ketua_tim_allowed():
    org = Org(PdType.DINAS, "jpt3")
    kasi = org.leader("seksi")
    assert role_problems(load_role_rules("perbup-tanahlaut-26-2024"), org.structure, [kasi],
                         _appoint("ketua_tim_pengawas", kasi, "u-seksi")) == []


def test_tanahlaut_ketua_tim_pengawas_held_by_a_jf_denied():
    org = Org(PdType.DINAS, "jpt3")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MUDA, "seksi")
    [problem] = role_problems(load_role_rules("perbup-tanahlaut-26-2024"), org.structure, [jf],
                              _appoint("ketua_tim_pengawas", jf, "u-seksi"))
    assert "Pasal 21 ayat (3) (baris 266)" in problem.source


def test_an_appointment_the_profile_does_not_know_is_denied():
    org = Org(PdType.DINAS, "jpt1")
    jf = org.place(K.FUNGSIONAL, J.AHLI_MUDA, "root")
    [problem] = role_problems(load_role_rules("perbup-sumenep-9-2024"), org.structure, [jf],
                              _appoint("koordinator_tim_kerja", jf, "u-root"))
    assert problem.field == "role" and "tidak mengenal" in problem.reason


# --- Pejabat yang Berwenang: instansi-wide, a JPT; the seeds never define it, the reading is recorded ---

def test_pejabat_yang_berwenang_is_instansi_wide_and_a_jpt():
    org = Org(PdType.SEKRETARIAT_DAERAH, "setda")
    sekda = org.leader("root")
    rules = load_role_rules("perbup-jepara-17-2024")
    assert role_problems(rules, org.structure, [sekda], _appoint("pejabat_yang_berwenang", sekda)) == []
    problems = role_problems(rules, org.structure, [sekda], _appoint("pejabat_yang_berwenang", sekda, "u-root"))
    assert [p.field for p in problems] == ["unit"]
    kabag = org.leader("bagian")
    assert [p.field for p in role_problems(rules, org.structure, [kabag],
                                           _appoint("pejabat_yang_berwenang", kabag))] == ["nip"]


def test_without_a_record_the_pejabat_yang_berwenang_is_the_sekretaris_daerah_by_reading():
    org = Org(PdType.SEKRETARIAT_DAERAH, "setda")
    rules = load_role_rules("perwal-bandung-6-2023")
    assert default_pejabat_yang_berwenang(rules, org.structure) == org.leader("root")
    assert "Bacaan Sikerja" in rules.default_pejabat_yang_berwenang.source


def test_an_appointment_ending_before_it_starts_is_denied():
    org = Org(PdType.DINAS, "jpt3")
    kasi = org.leader("seksi")
    bad = RoleAssignment("199001012020011001", "ketua_tim_pengawas", "u-seksi", date(2025, 2, 1), date(2025, 1, 1), None)
    assert [p.field for p in role_problems(load_role_rules("perbup-tanahlaut-26-2024"), org.structure, [kasi], bad)] \
        == ["end"]


# --- V5/V6: Sumenep's coordinating Pengawas is Ketua Tim ex officio, cannot form a team, sets kinerja ---

@pytest.mark.parametrize(("pd_type", "shape", "unit", "lines"), [
    (PdType.SEKRETARIAT_DAERAH, "setda", "subbagian", "baris 457-458"),
    (PdType.DINAS, "jpt3", "seksi", "baris 529-530"),
    (PdType.SATPOL_PP, "jpt3", "seksi", "baris 595-596"),
])
def test_sumenep_coordinating_pengawas_is_ketua_tim_and_cannot_form_a_team(pd_type, shape, unit, lines):
    org = Org(pd_type, shape)
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, unit)
    resolution = resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id)
    assert resolution.coordinator == org.leader(unit) != resolution.penilai
    assert resolution.coordination.mode == "ex_officio"
    assert resolution.coordination.may_form_team is False and resolution.coordination.sets_kinerja is True
    assert lines in resolution.coordination.source


def test_sumenep_pattern_vi_has_no_coordinating_pengawas():
    org = Org(PdType.RSUD, "admin2", pattern="VI")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "seksi")
    resolution = resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id)
    assert resolution.penilai == org.leader("seksi") and resolution.coordinator is None


def test_a_jf_directly_under_the_penilai_has_no_coordinator():
    org = Org(PdType.DINAS, "jpt3")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "bidang")
    assert resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id).coordinator is None


def test_bandung_level_three_coordinates_like_a_ketua_tim_but_may_form_teams():
    org = Org(PdType.DINAS, "jpt3", pattern="f")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "seksi")
    resolution = resolve(load_rules("perwal-bandung-6-2023"), org.structure, jf.id)
    assert resolution.coordinator == org.leader("seksi")
    assert resolution.coordination.may_form_team is True and "baris 582-586" in resolution.coordination.source


def test_profiles_without_a_coordinating_pengawas_name_none():
    org = Org(PdType.DINAS, "jpt3")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "seksi")
    assert resolve(load_rules("perwal-palangkaraya-13-2024"), org.structure, jf.id).coordinator is None


# --- V7: the official whose pendelegasian kewenangan the penilai acts on ---

def test_sumenep_pattern_ii_penilai_acts_on_delegation_of_the_jpt_pratama():
    org = Org(PdType.DINAS, "jpt3")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "seksi")
    resolution = resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id)
    assert resolution.penilai == org.leader("bidang")
    assert resolution.delegated_by == org.leader("root") and "baris 524" in resolution.delegated_by_source


def test_sumenep_pattern_ix_penilai_acts_on_delegation_of_the_pimpinan_pd():
    org = Org(PdType.PUSKESMAS, "jf1")
    jf = org.place(K.FUNGSIONAL, J.AHLI_PERTAMA, "root")
    resolution = resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id)
    assert resolution.penilai == org.leader("root")
    assert resolution.delegated_by == org.leader("induk") and "baris 1056" in resolution.delegated_by_source


def test_a_penilai_who_heads_the_pd_acts_on_no_delegation():
    org = Org(PdType.DPMPTSP, "jpt3")  # pola IV: the JPT Pratama appraises those directly under it itself
    jf = org.place(K.FUNGSIONAL, J.AHLI_MADYA, "root")
    resolution = resolve(load_rules("perbup-sumenep-9-2024"), org.structure, jf.id)
    assert resolution.penilai == org.leader("root") and resolution.delegated_by is None
