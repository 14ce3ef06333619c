from org_registry.domain.scope import Scope, chain_of_command, puo_of, scope_between, side_of
from org_registry.domain.structure import JabatanKind, Jenjang, PdType

from .org_builder import Org


def test_scope_between_places_in_one_instansi():
    dinas = Org(PdType.DINAS, "jpt3")
    s = dinas.structure
    jf = dinas.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_PERTAMA, "seksi")
    colleague = dinas.place(JabatanKind.PELAKSANA, None, "seksi")
    in_bidang = dinas.place(JabatanKind.PELAKSANA, None, "bidang")
    side = side_of(s, "inst", jf)
    assert side.puo == dinas.leader("seksi") and side.pd_head == dinas.leader("root")
    assert scope_between(side, side_of(s, "inst", colleague)) is Scope.SAME_UNIT
    assert scope_between(side, side_of(s, "inst", in_bidang)) is Scope.LINTAS_UNIT
    puskesmas = Org(PdType.PUSKESMAS, "jf1")
    other_pd = side_of(puskesmas.structure, "inst", puskesmas.place(JabatanKind.PELAKSANA, None, "root"))
    assert scope_between(side, other_pd) is Scope.LINTAS_PD
    assert scope_between(side, side_of(s, "another-instansi", colleague)) is Scope.LINTAS_INSTANSI


def test_a_unit_leader_belongs_to_the_unit_above_for_assignments():
    dinas = Org(PdType.DINAS, "jpt3")
    kasi = side_of(dinas.structure, "inst", dinas.leader("seksi"))
    assert kasi.unit_id == "u-bidang" and kasi.puo == dinas.leader("bidang")


def test_puo_is_found_up_the_tree_when_a_unit_has_no_leader():
    from org_registry.domain.structure import Unit

    dinas = Org(PdType.DINAS, "jpt3")
    dinas.structure.add_unit(Unit("u-tanpa", dinas.pd.id, "Unit tanpa pimpinan", "u-bidang"))
    assert puo_of(dinas.structure, "u-tanpa") == dinas.leader("bidang")


def test_chain_of_command_climbs_into_the_dinas_a_puskesmas_belongs_to():
    puskesmas = Org(PdType.PUSKESMAS, "jf1")
    dokter = puskesmas.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_PERTAMA, "root")
    assert chain_of_command(puskesmas.structure, dokter) == [puskesmas.leader("root"), puskesmas.leader("induk")]
    setda = Org(PdType.SEKRETARIAT_DAERAH, "setda")
    staff = setda.place(JabatanKind.PELAKSANA, None, "subbagian")
    assert [p.title for p in chain_of_command(setda.structure, staff)] == [
        "Kepala Sub Bagian", "Kepala Bagian", "Asisten Pemerintahan dan Kesejahteraan Rakyat", "Sekretaris Daerah"]
