"""Program commands: launch a program, change its settings or policy, with their events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.matching.application.policy import PolicyIn
from services.matching.application.ports import ProgramStore
from services.matching.domain.errors import MatchingRefused, UnknownEntity
from shared.clock import Clock
from shared.events import ProgramLaunched, ProgramSettings, ProgramUpdated
from shared.events.factory import from_command
from shared.storage.mongo import Document


@dataclass
class ProgramCommands:
    store: ProgramStore
    clock: Clock

    async def launch(
        self, program_id: str, settings: ProgramSettings, policy: PolicyIn, correlation_id: UUID
    ) -> Document:
        event = from_command(
            program_id,
            ProgramLaunched,
            "program-launched",
            now=self.clock.now(),
            program_id=program_id,
            correlation_id=correlation_id,
            settings=settings,
        )
        doc = {
            "_id": program_id,
            "settings": settings.model_dump(mode="json"),
            "program_version": 1,
            "policy": policy.model_dump(mode="json"),
            "policy_version": 1,
            "policy_history": [
                {
                    "version": 1,
                    "policy": policy.model_dump(mode="json"),
                    "at": self.clock.now(),
                }
            ],
            "rounds_started": 0,
            "created_at": self.clock.now(),
        }
        if not await self.store.insert_program(doc, [event]):
            existing = await self.store.get_program(program_id)
            if (
                existing
                and existing["settings"] == doc["settings"]
                and existing["policy"] == doc["policy"]
            ):
                return existing  # the same launch repeated: nothing to do
            raise MatchingRefused("program_exists", "a program with this id already exists")
        return doc

    async def change(
        self,
        program_id: str,
        correlation_id: UUID,
        *,
        settings: ProgramSettings | None = None,
        policy: PolicyIn | None = None,
    ) -> Document:
        current = await self.store.get_program(program_id)
        if current is None:
            raise UnknownEntity("program")
        version = int(current["program_version"])
        changes: dict[str, Any] = {}
        events = []
        if settings is not None:
            changes["settings"] = settings.model_dump(mode="json")
            changes["program_version"] = version + 1
            events.append(
                from_command(
                    f"{program_id}:v{version + 1}",
                    ProgramUpdated,
                    "program-updated",
                    now=self.clock.now(),
                    program_id=program_id,
                    correlation_id=correlation_id,
                    settings=settings,
                    program_version=version + 1,
                )
            )
        if policy is not None:
            policy_version = int(current["policy_version"]) + 1
            changes["policy"] = policy.model_dump(mode="json")
            changes["policy_version"] = policy_version
            changes["policy_history"] = [
                *current.get("policy_history", []),
                {"version": policy_version, "policy": changes["policy"], "at": self.clock.now()},
            ]
        if not await self.store.update_program(program_id, version, changes, events):
            raise MatchingRefused("concurrent_update", "the program changed meanwhile; retry")
        return {**current, **changes}
