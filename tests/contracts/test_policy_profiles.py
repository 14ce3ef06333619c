"""Every regulation profile validates against the JSON Schema of each of its sections (policies/schemas/profile),
every profile has every section, and every rule in every section carries its source."""

import json
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[2]
PROFILES = REPO / "policies" / "sikerja" / "profiles"
SCHEMAS = REPO / "policies" / "schemas" / "profile"
PROFILE_IDS = sorted(p.name for p in PROFILES.iterdir() if p.is_dir())
SECTIONS = sorted(s.name.removesuffix(".schema.json") for s in SCHEMAS.glob("*.schema.json") if s.name != "profile.schema.json")
SEEDED = ["perbup-jepara-17-2024", "perbup-sumenep-9-2024", "perbup-tanahlaut-26-2024", "perwal-bandung-6-2023",
          "perwal-palangkaraya-13-2024"]


def _schema(name: str) -> dict:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _errors(schema: dict, document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_five_seeds_and_the_national_default_have_profiles():
    assert PROFILE_IDS == sorted([*SEEDED, "permenpanrb-7-2022"])


@pytest.mark.parametrize("profile", PROFILE_IDS)
def test_profile_identity_and_kedudukan_follow_the_schema(profile):
    document = json.loads((PROFILES / profile / "data.json").read_text(encoding="utf-8"))
    assert _errors(_schema("profile"), document) == []


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("profile", PROFILE_IDS)
def test_profile_section_follows_its_schema(profile, section):
    path = PROFILES / profile / section / "data.json"
    assert path.is_file(), f"{profile} has no {section} section"
    assert _errors(_schema(section), json.loads(path.read_text(encoding="utf-8"))) == []


def _rules_without_source(node, trail=""):
    """Objects that look like rules (they carry an id, a rule or an actor) but name no source."""
    if isinstance(node, dict):
        if any(k in node for k in ("id", "rule", "actor")) and "source" not in node and "sources" not in node:
            yield trail
        for key, value in node.items():
            yield from _rules_without_source(value, f"{trail}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _rules_without_source(value, f"{trail}/{n}")


@pytest.mark.parametrize("profile", PROFILE_IDS)
def test_every_rule_names_its_source(profile):
    documents = [PROFILES / profile / "data.json", *sorted((PROFILES / profile).glob("*/data.json"))]
    missing = [f"{d.relative_to(PROFILES)}{t}" for d in documents
               for t in _rules_without_source(json.loads(d.read_text(encoding="utf-8")))]
    assert missing == []


def test_a_profile_without_sources_is_refused_by_the_schema():
    document = json.loads((PROFILES / "perbup-sumenep-9-2024" / "data.json").read_text(encoding="utf-8"))
    del document["kedudukan"]["patterns"]["I"]["rules"][0]["source"]
    assert any("source" in e for e in _errors(_schema("profile"), document))
