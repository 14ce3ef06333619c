"""The demo documents are valid imports under their own regulation profile, appointments included."""

from pathlib import Path

import pytest
from org_registry.adapters.profiles import read_profile_files
from org_registry.domain.kedudukan import KedudukanRules
from org_registry.domain.roles import RoleRules
from org_registry.service_layer.bulk_import import ImportDocument, plan_import
from sikerja_devstack.demo_organisations import APPOINTMENTS, ORGANISATIONS, organisation_document

PROFILES = Path(__file__).resolve().parents[2] / "policies" / "sikerja" / "profiles"


@pytest.mark.parametrize("profile", sorted(ORGANISATIONS))
def test_demo_organisation_plans_without_errors_and_records_its_appointments(profile):
    data = read_profile_files(PROFILES / profile)
    plan = plan_import("demo", KedudukanRules.from_profile(profile, data),
                       ImportDocument.model_validate(organisation_document(profile, 1)),
                       RoleRules.from_profile(profile, data))
    assert plan.errors == []
    assert sorted(r.role for r in plan.roles) == sorted(role for role, _, _ in APPOINTMENTS[profile])
