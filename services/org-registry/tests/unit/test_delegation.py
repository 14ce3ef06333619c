from datetime import date

import pytest
from org_registry.domain.delegation import Delegation, DelegationScope, delegation_problems
from org_registry.domain.structure import JabatanKind, Jenjang, PdType

from .org_builder import Org


@pytest.fixture
def dinas():
    org = Org(PdType.DINAS, "jpt3")
    staff = org.place(JabatanKind.FUNGSIONAL, Jenjang.AHLI_PERTAMA, "seksi")
    holders = {"kadis": org.leader("root"), "kabid": org.leader("bidang"), "kasi": org.leader("seksi"), "jf": staff}
    positions_of = {name: [p.id] for name, p in holders.items()}
    return org, positions_of


def _delegation(frm, to, *, end=None):
    return Delegation(frm, to, DelegationScope.PENILAIAN, date(2025, 1, 2), end, "manajemen rentang kendali")


def test_a_leader_delegates_to_someone_in_the_units_it_leads(dinas):
    org, positions_of = dinas
    assert delegation_problems(org.structure, positions_of, _delegation("kadis", "kabid")) == []
    assert delegation_problems(org.structure, positions_of, _delegation("kabid", "jf")) == []


def test_a_delegation_to_oneself_is_refused(dinas):
    org, positions_of = dinas
    assert delegation_problems(org.structure, positions_of, _delegation("kabid", "kabid"))[0][0] == "to_nip"


def test_a_delegation_outside_the_delegators_units_is_refused(dinas):
    org, positions_of = dinas
    [(field, reason)] = delegation_problems(org.structure, positions_of, _delegation("kasi", "kabid"))
    assert field == "to_nip" and "di luar" in reason


def test_only_someone_who_leads_a_unit_has_authority_to_delegate(dinas):
    org, positions_of = dinas
    assert delegation_problems(org.structure, positions_of, _delegation("jf", "kasi"))[0][0] == "from_nip"


def test_a_period_that_ends_before_it_starts_is_refused(dinas):
    org, positions_of = dinas
    assert delegation_problems(org.structure, positions_of, _delegation("kadis", "kabid", end=date(2024, 1, 1)))[0][0] == "end"


def test_a_pd_head_may_delegate_into_the_uptd_that_belongs_to_the_pd():
    org = Org(PdType.PUSKESMAS, "jf1")
    positions_of = {"kadis": [org.leader("induk").id], "kapkm": [org.leader("root").id]}
    assert delegation_problems(org.structure, positions_of, _delegation("kadis", "kapkm")) == []
