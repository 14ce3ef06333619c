"""The role catalogue of each regulation profile's penugasan section, read from the OPA sidecar and cached."""

from __future__ import annotations

from typing import Any

from sikerja_policy_client import PolicyClient


class UnknownProfile(LookupError):
    pass


class WorkflowProfiles:
    def __init__(self, policy: PolicyClient) -> None:
        self._policy = policy
        self._actors: dict[str, dict[str, Any]] = {}

    async def role_catalogue(self, profile_id: str) -> dict[str, Any]:
        """``{role: {title, binding, source}}`` of the profile's penugasan workflows."""
        if profile_id not in self._actors:
            actors = await self._policy.document(f"sikerja.profiles.{profile_id}.penugasan.actors")
            if not isinstance(actors, dict):
                raise UnknownProfile(profile_id)
            self._actors[profile_id] = actors
        return self._actors[profile_id]
