"""Regulation profiles as org-registry uses them: read from the OPA sidecar (which holds them as data), cached."""

from __future__ import annotations

from sikerja_policy_client import PolicyClient

from org_registry.domain.kedudukan import KedudukanRules


class UnknownProfile(LookupError):
    pass


class ProfileCatalogue:
    def __init__(self, policy: PolicyClient) -> None:
        self._policy = policy
        self._rules: dict[str, KedudukanRules] = {}

    async def kedudukan_rules(self, profile_id: str) -> KedudukanRules:
        if profile_id not in self._rules:
            # OPA data paths are dotted; profile ids contain hyphens, which the REST path keeps as they are.
            profile = await self._policy.document(f"sikerja.profiles.{profile_id}")
            if profile is None:
                raise UnknownProfile(profile_id)
            self._rules[profile_id] = KedudukanRules.from_profile(profile_id, profile)
        return self._rules[profile_id]
