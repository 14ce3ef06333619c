"""Every kedudukan pattern of every regulation: the penilai it resolves, and a wrong declaration it flags with the
rule's source. Cases cite the Lampiran part or Pasal (and the line of the seed) in the profile's ``source``."""

from __future__ import annotations

import pytest
from org_registry.domain.kedudukan import resolve, validate
from org_registry.domain.structure import JabatanKind, Jenjang, PdType

from .org_builder import Org, load_rules

K, J, T = JabatanKind, Jenjang, PdType
JF, PEL = K.FUNGSIONAL, K.PELAKSANA

SMP, JPR, BDG, TLA, PKY, NAS = ("perbup-sumenep-9-2024", "perbup-jepara-17-2024", "perwal-bandung-6-2023",
                                "perbup-tanahlaut-26-2024", "perwal-palangkaraya-13-2024", "permenpanrb-7-2022")

# (profile, pd_type, shape, pattern override, head title, appraisee kind, jenjang, unit, expected penilai key,
#  expected rule id, fragment of the source)
CASES = [
    (SMP, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_PERTAMA, "subbagian", "bagian", "I.jf-pelaksana", "pola I"),
    (SMP, T.DINAS, "jpt3", None, None, PEL, None, "seksi", "bidang", "II.jf-pelaksana", "pola II"),
    (SMP, T.SATPOL_PP, "jpt3", None, None, JF, J.TERAMPIL, "seksi", "bidang", "III.jf-pelaksana", "pola III"),
    (SMP, T.DPMPTSP, "jpt3", None, None, JF, J.AHLI_MUDA, "root", "root", "IV.jf-pelaksana", "pola IV"),
    (SMP, T.DPMPTSP, "jpt3", None, None, JF, J.AHLI_PERTAMA, "seksi", "bidang", "IV.jf-pelaksana", "pola IV"),
    (SMP, T.RSUD, "admin3", None, None, JF, J.AHLI_PERTAMA, "seksi", "bagian", "V.jf-pelaksana", "pola V"),
    (SMP, T.RSUD, "admin2", "VI", "Direktur", JF, J.TERAMPIL, "seksi", "seksi", "VI.jf-pelaksana", "pola VI"),
    (SMP, T.KECAMATAN, "admin2", None, None, PEL, None, "seksi", "seksi", "VII.jf-pelaksana", "pola VII"),
    (SMP, T.KELURAHAN, "kelurahan", None, None, JF, J.PEMULA, "seksi", "root", "VIII.jf-pelaksana", "pola VIII"),
    (SMP, T.PUSKESMAS, "jf1", None, None, JF, J.AHLI_PERTAMA, "root", "root", "IX.jf-pelaksana", "pola IX"),
    (SMP, T.PUSKESMAS, "jf1", None, None, JF, J.AHLI_MUDA, "root", "induk", "IX.jenjang-sama", "baris 1057-1058"),
    (SMP, T.UPTD_TIPE_B, "pengawas1", None, None, PEL, None, "root", "root", "X.jf-pelaksana", "pola X"),
    (JPR, T.DINAS, "jpt3", None, None, JF, J.AHLI_MADYA, "seksi", "root", "a.ahli-madya-utama", "huruf a"),
    (JPR, T.DINAS, "jpt3", None, None, PEL, None, "seksi", "seksi", "a.jf-pelaksana", "huruf a"),
    (JPR, T.KECAMATAN, "admin2", None, None, JF, J.AHLI_MUDA, "seksi", "root", "b.ahli-muda-madya", "huruf b"),
    (JPR, T.KECAMATAN, "admin2", None, None, JF, J.AHLI_PERTAMA, "seksi", "seksi", "b.jf-pelaksana", "huruf b"),
    (JPR, T.PUSKESMAS, "jf1", None, None, JF, J.TERAMPIL, "root", "root", "c.jf-pelaksana", "huruf c"),
    (JPR, T.RSUD, "rs-jpt", None, None, JF, J.AHLI_PERTAMA, "seksi", "root", "d.keahlian", "huruf d"),
    (JPR, T.RSUD, "rs-jpt", None, None, PEL, None, "seksi", "seksi", "d.jf-pelaksana", "huruf d"),
    (JPR, T.DPMPTSP, "jpt1", None, None, JF, J.AHLI_MUDA, "root", "root", "e.jf-pelaksana", "huruf e"),
    (JPR, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_MADYA, "subbagian", "asisten", "f.ahli-madya-utama", "huruf f"),
    (JPR, T.SEKRETARIAT_DAERAH, "setda", None, None, PEL, None, "subbagian", "bagian", "f.jf-pelaksana", "huruf f"),
    (BDG, T.DINAS, "jpt3", None, None, JF, J.AHLI_MUDA, "bidang", "bidang", "a1.jf-pelaksana", "huruf a.1"),
    (BDG, T.DPMPTSP, "jpt1", None, None, JF, J.AHLI_PERTAMA, "root", "root", "a2.jf-pelaksana", "huruf a.2"),
    (BDG, T.RUMAH_SAKIT_KHUSUS, "admin2", None, "Direktur", JF, J.TERAMPIL, "seksi", "seksi", "b.jf-pelaksana", "huruf b"),
    (BDG, T.KELURAHAN, "kelurahan", None, None, PEL, None, "seksi", "root", "c.jf-pelaksana", "huruf c"),
    (BDG, T.UPTD, "pengawas1", None, None, JF, J.AHLI_PERTAMA, "root", "root", "c.jf-pelaksana", "huruf c"),
    (BDG, T.UPTD_SATUAN_PENDIDIKAN, "jf1", None, "Kepala Sekolah", JF, J.AHLI_PERTAMA, "root", "root", "d.jf-pelaksana", "huruf d"),
    (BDG, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_MUDA, "subbagian", "bagian", "e.jf-pelaksana", "huruf e"),
    (BDG, T.DINAS, "jpt3", "f", "Kepala Dinas Perhubungan", PEL, None, "seksi", "bidang", "f.jf-pelaksana", "huruf f"),
    (TLA, T.DINAS, "jpt3", None, None, JF, J.AHLI_PERTAMA, "seksi", "bidang", "dbi.jf-pelaksana", "Model 1-4"),
    (TLA, T.SEKRETARIAT_DAERAH, "setda", None, None, PEL, None, "subbagian", "bagian", "setda.jf-pelaksana", "angka 2"),
    (TLA, T.SEKRETARIAT_DPRD, "jpt3", None, "Sekretaris DPRD", JF, J.MAHIR, "seksi", "bidang", "setwan.jf-pelaksana", "angka 3"),
    (TLA, T.BPBD, "jpt3", None, "Kepala Pelaksana BPBD", JF, J.AHLI_PERTAMA, "seksi", "seksi", "bpbd.jf-pelaksana", "angka 4"),
    (TLA, T.BADAN, "jpt3", "kesbangpol", "Kepala Badan", PEL, None, "seksi", "bidang", "kesbangpol.jf-pelaksana", "angka 5"),
    (TLA, T.KECAMATAN, "admin2", None, None, JF, J.TERAMPIL, "seksi", "seksi", "kr.jf-pelaksana", "Pasal 8 ayat (3)"),
    (TLA, T.UPTD, "jf1", None, "Kepala UPTD", PEL, None, "root", "root", "uptd.jf-pelaksana", "Pasal 8 ayat (4)"),
    (TLA, T.UPTD_SATUAN_PENDIDIKAN, "jf1", None, "Kepala Sekolah", JF, J.AHLI_PERTAMA, "root", "root", "sekolah.jf-pelaksana", "Pasal 8 ayat (5)"),
    (PKY, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_UTAMA, "subbagian", "root", "A.ahli-utama", "huruf A"),
    (PKY, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_MADYA, "subbagian", "asisten", "A.ahli-madya", "huruf A"),
    (PKY, T.SEKRETARIAT_DAERAH, "setda", None, None, JF, J.AHLI_PERTAMA, "subbagian", "bagian", "A.pertama-keterampilan", "huruf A"),
    (PKY, T.SEKRETARIAT_DPRD, "jpt3", None, "Sekretaris DPRD", JF, J.AHLI_MADYA, "seksi", "root", "B.ahli-utama-madya", "huruf B"),
    (PKY, T.INSPEKTORAT, "jpt3", None, "Inspektur", JF, J.AHLI_MUDA, "seksi", "bidang", "C.ahli-muda", "huruf C"),
    (PKY, T.DINAS, "jpt3", None, None, JF, J.AHLI_MADYA, "seksi", "root", "D.ahli-utama-madya", "huruf D"),
    (PKY, T.DINAS, "jpt3", None, None, JF, J.AHLI_MUDA, "seksi", "bidang", "D.ahli-muda", "huruf D"),
    (PKY, T.DINAS, "jpt3", None, None, JF, J.AHLI_PERTAMA, "seksi", "seksi", "D.pertama-keterampilan", "huruf D"),
    (PKY, T.DINAS, "jpt3", None, None, PEL, None, "bidang", "bidang", "D.pelaksana", "huruf D"),
    (PKY, T.BADAN, "jpt3", None, "Kepala Badan", JF, J.TERAMPIL, "seksi", "seksi", "E.pertama-keterampilan", "huruf E"),
    (PKY, T.KECAMATAN, "admin2", None, None, JF, J.AHLI_MUDA, "seksi", "root", "F.ahli-muda", "huruf F"),
    (PKY, T.KECAMATAN, "admin2", None, None, PEL, None, "seksi", "seksi", "F.pelaksana", "huruf F"),
    (PKY, T.UPTD, "pengawas1", None, None, JF, J.AHLI_MADYA, "root", "root", "G.ahli-utama-madya", "huruf G"),
    (PKY, T.PUSKESMAS, "jf1", None, None, JF, J.AHLI_PERTAMA, "root", "root", "H.pertama-keterampilan", "huruf H"),
    (PKY, T.UPTD_RUMAH_SAKIT, "admin2", None, "Direktur Rumah Sakit", JF, J.AHLI_MADYA, "seksi", "induk", "I.ahli-utama-madya", "huruf I"),
    (PKY, T.UPTD_RUMAH_SAKIT, "admin2", None, "Direktur Rumah Sakit", JF, J.AHLI_MUDA, "seksi", "root", "I.ahli-muda", "huruf I"),
    (PKY, T.UPTD_RUMAH_SAKIT, "admin2", None, "Direktur Rumah Sakit", PEL, None, "seksi", "seksi", "I.pelaksana", "huruf I"),
    (NAS, T.DINAS, "jpt3", None, None, JF, J.AHLI_PERTAMA, "seksi", "seksi", "nasional.jf-pelaksana", "PermenPANRB 6/2022"),
]


def _case_id(case) -> str:
    profile, pd_type, *_rest, rule_id, _fragment = case
    return f"{profile.split('-')[1]}:{rule_id}:{pd_type.value}"


def _build(case):
    profile, pd_type, shape, pattern, head, kind, jenjang, unit, expected_key, rule_id, fragment = case
    org = Org(pd_type, shape, pattern=pattern, head_title=head)
    appraisee = org.place(kind, jenjang, unit, title=f"{kind.value} {jenjang.value if jenjang else ''}".strip())
    return load_rules(profile), org, appraisee, org.leader(expected_key)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_regulation_resolves_the_expected_penilai(case):
    rules, org, appraisee, expected = _build(case)
    resolution = resolve(rules, org.structure, appraisee.id)
    assert resolution.penilai == expected, resolution.reason
    assert resolution.rule_id == case[9]
    assert rules.regulation in resolution.source and case[10] in resolution.source
    assert not validate(rules, org.structure, {appraisee.id: expected.id}).discrepancies


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_a_wrong_declaration_is_flagged_with_the_rule_and_its_source(case):
    rules, org, appraisee, expected = _build(case)
    acceptable = resolve(rules, org.structure, appraisee.id).acceptable
    leaders = [p for p in org.positions.values() if p.leads_unit and p.id not in acceptable]
    # a leader the rule does not allow, or (in one-unit PDs) a peer declared as atasan
    wrong = leaders[0] if leaders else org.place(K.PELAKSANA, None, case[7], title="Rekan kerja")
    [discrepancy] = validate(rules, org.structure, {appraisee.id: wrong.id}).discrepancies
    assert discrepancy.code == "kedudukan.wrong_penilai"
    assert discrepancy.expected_position_id == expected.id and discrepancy.declared_position_id == wrong.id
    assert discrepancy.rule_id == case[9]
    assert rules.regulation in discrepancy.source and case[10] in discrepancy.source
    assert expected.title in discrepancy.message and "seharusnya" in discrepancy.message


def test_every_pattern_of_every_profile_has_a_case():
    covered = {(case[0], case[9].split(".")[0]) for case in CASES}
    for profile in (SMP, JPR, BDG, TLA, PKY, NAS):
        rules = load_rules(profile)
        for pattern in rules.patterns.values():
            assert any(p == profile and pattern.rules[0].id.split(".")[0] == prefix for p, prefix in covered), (
                f"{profile} pattern {pattern.id} has no test case"
            )
