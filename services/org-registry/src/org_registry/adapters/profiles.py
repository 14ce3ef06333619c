"""Regulation profiles as org-registry uses them: read from the OPA sidecar (which holds them as data), cached.

``read_profile_files`` reads the same profile from the repository's ``policies/`` folder the way OPA loads it
(``<id>/data.json`` plus ``<id>/<section>/data.json``), for tools and tests that run without OPA.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sikerja_policy_client import PolicyClient

from org_registry.domain.kedudukan import KedudukanRules
from org_registry.domain.roles import RoleRules


class UnknownProfile(LookupError):
    pass


class ProfileCatalogue:
    def __init__(self, policy: PolicyClient) -> None:
        self._policy = policy
        self._documents: dict[str, dict[str, Any]] = {}
        self._rules: dict[str, KedudukanRules] = {}
        self._role_rules: dict[str, RoleRules] = {}

    async def _document(self, profile_id: str) -> dict[str, Any]:
        if profile_id not in self._documents:
            # OPA data paths are dotted; profile ids contain hyphens, which the REST path keeps as they are.
            profile = await self._policy.document(f"sikerja.profiles.{profile_id}")
            if profile is None:
                raise UnknownProfile(profile_id)
            self._documents[profile_id] = profile
        return self._documents[profile_id]

    async def kedudukan_rules(self, profile_id: str) -> KedudukanRules:
        if profile_id not in self._rules:
            self._rules[profile_id] = KedudukanRules.from_profile(profile_id, await self._document(profile_id))
        return self._rules[profile_id]

    async def role_rules(self, profile_id: str) -> RoleRules:
        if profile_id not in self._role_rules:
            self._role_rules[profile_id] = RoleRules.from_profile(profile_id, await self._document(profile_id))
        return self._role_rules[profile_id]


def read_profile_files(directory: Path) -> dict[str, Any]:
    """One profile folder merged as OPA merges it: sections from sub-folders become keys of the document."""
    profile = json.loads((directory / "data.json").read_text(encoding="utf-8"))
    for section in sorted(p for p in directory.iterdir() if (p / "data.json").is_file()):
        profile[section.name] = json.loads((section / "data.json").read_text(encoding="utf-8"))
    return profile
