from datetime import date

import pytest
from org_registry.domain.kedudukan import InvalidProfile, KedudukanRules, resolve, validate
from org_registry.domain.nip import InvalidNip, parse_nip
from org_registry.domain.structure import (
    InvalidStructure,
    JabatanKind,
    Jenjang,
    PdType,
    PerangkatDaerah,
    Position,
    Structure,
    Unit,
)

from .org_builder import Org, load_rules


def test_nip_is_decomposed():
    nip = parse_nip("19760604 200604 1 002")
    assert nip.value == "197606042006041002"
    assert nip.birth_date == date(1976, 6, 4)
    assert nip.appointed == (2006, 4)
    assert nip.gender == "L" and nip.sequence == 2
    assert nip.grouped == "19760604 200604 1 002"
    assert parse_nip("197502031999032008").gender == "P"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("1976060420060410", "18 angka"),
        ("19761304200604 1002", "tanggal lahir"),
        ("197606042006131002", "bulan pengangkatan"),
        ("197606041980041002", "17 tahun"),
        ("197606042006043002", "jenis kelamin"),
        ("197606042006041000", "000"),
        ("19760604200604100A", "18 angka"),
    ],
)
def test_invalid_nips_are_refused_with_a_reason(raw, fragment):
    with pytest.raises(InvalidNip, match=fragment):
        parse_nip(raw)


def test_unit_tree_refuses_unknown_parents_second_roots_and_cycles():
    structure = Structure()
    structure.add_pd(PerangkatDaerah("pd", "i", "Dinas Kesehatan", PdType.DINAS))
    structure.add_unit(Unit("root", "pd", "Dinas Kesehatan"))
    structure.add_unit(Unit("bidang", "pd", "Bidang Pelayanan", "root"))
    structure.add_unit(Unit("seksi", "pd", "Seksi Rujukan", "bidang"))
    with pytest.raises(InvalidStructure) as unknown:
        structure.add_unit(Unit("x", "pd", "X", "nope"))
    assert unknown.value.field == "parent_id"
    with pytest.raises(InvalidStructure, match="unit puncak"):
        structure.add_unit(Unit("root2", "pd", "Lagi"))
    with pytest.raises(InvalidStructure, match="siklus"):
        structure.move_unit("bidang", "seksi")
    assert structure.level_of("seksi") == 3


def test_a_unit_has_one_leader_and_pelaksana_cannot_lead():
    structure = Structure()
    structure.add_pd(PerangkatDaerah("pd", "i", "Kecamatan Kota Sumenep", PdType.KECAMATAN))
    structure.add_unit(Unit("root", "pd", "Kecamatan"))
    structure.add_position(Position("camat", "root", "Camat", JabatanKind.ADMINISTRATOR, leads_unit=True))
    with pytest.raises(InvalidStructure, match="sudah mempunyai pimpinan"):
        structure.add_position(Position("other", "root", "Camat lain", JabatanKind.ADMINISTRATOR, leads_unit=True))
    with pytest.raises(InvalidStructure) as pelaksana:
        Position("p", "root", "Pengadministrasi Umum", JabatanKind.PELAKSANA, leads_unit=True)
    assert pelaksana.value.field == "leads_unit"
    with pytest.raises(InvalidStructure, match="jenjang"):
        Position("jf", "root", "Analis Kebijakan", JabatanKind.FUNGSIONAL)


def test_structural_officials_sit_under_the_leader_above_and_uptd_heads_under_their_dinas():
    rules = load_rules("perbup-sumenep-9-2024")
    dinas = Org(PdType.DINAS, "jpt3")
    assert resolve(rules, dinas.structure, dinas.leader("seksi").id).penilai == dinas.leader("bidang")
    assert resolve(rules, dinas.structure, dinas.leader("bidang").id).penilai == dinas.leader("root")
    puskesmas = Org(PdType.PUSKESMAS, "jf1")
    assert resolve(rules, puskesmas.structure, puskesmas.leader("root").id).penilai == puskesmas.leader("induk")


def test_missing_and_unresolvable_kedudukan_are_reported():
    rules = load_rules("perwal-bandung-6-2023")
    kecamatan = Org(PdType.KECAMATAN, "admin2")
    jf = kecamatan.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_PERTAMA, "seksi")
    [missing] = validate(rules, kecamatan.structure, {jf.id: None}).discrepancies
    assert missing.code == "kedudukan.missing" and missing.expected_position_id == kecamatan.leader("seksi").id
    # pattern b needs a Pengawas; a JF placed directly under the Camat has none above it
    direct = kecamatan.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_PERTAMA, "root")
    [unresolvable] = validate(rules, kecamatan.structure, {direct.id: kecamatan.leader("root").id}).discrepancies
    assert unresolvable.code == "kedudukan.unresolvable"
    assert "Perwal Bandung 6/2023" in unresolvable.source


def test_alternatives_the_regulation_allows_are_not_discrepancies():
    rules = load_rules("perbup-jepara-17-2024")
    setda = Org(PdType.SEKRETARIAT_DAERAH, "setda")
    jf = setda.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_MADYA, "subbagian")
    assert not validate(rules, setda.structure, {jf.id: setda.leader("root").id}).discrepancies  # Sekda accepted too


def test_a_pd_type_the_profile_does_not_cover_is_unresolvable_not_guessed():
    rules = load_rules("perbup-sumenep-9-2024")
    org = Org(PdType.UPTD_RUMAH_SAKIT, "admin2")
    resolution = resolve(rules, org.structure, org.place(JabatanKind.PELAKSANA, None, "seksi").id)
    assert resolution.penilai is None and "uptd_rumah_sakit" in resolution.reason


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda p: p["kedudukan"].pop("patterns"), "missing"),
        (lambda p: p["kedudukan"].update(strategy="sesukanya"), "strategy"),
        (lambda p: p["kedudukan"]["pd_type_patterns"].update(dinas="XX"), "unknown pattern"),
        (lambda p: p["kedudukan"]["patterns"]["II"]["rules"][0]["penilai"][0].update(pd_head=True), "exactly one"),
        (lambda p: p["kedudukan"]["patterns"]["II"]["rules"][0]["appraisee"].update(kinds=["direktur"]), "direktur"),
    ],
)
def test_malformed_profiles_are_refused(mutate, fragment):
    import copy
    import json

    from .org_builder import PROFILES

    profile = json.loads((PROFILES / "perbup-sumenep-9-2024" / "data.json").read_text())
    broken = copy.deepcopy(profile)
    mutate(broken)
    with pytest.raises(InvalidProfile, match=fragment):
        KedudukanRules.from_profile("perbup-sumenep-9-2024", broken)
