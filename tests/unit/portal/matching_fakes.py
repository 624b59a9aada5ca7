"""A hand-written stand-in for matching's API as the portal calls it: programs,
participants, pairs, rounds and the policy history, held in memory."""

from __future__ import annotations

from services.portal.application.ports import Json, ListPage
from tests.unit.portal.service_fakes import FakeService


class FakeMatching(FakeService):
    def __init__(self) -> None:
        super().__init__()
        self.programs: dict[str, Json] = {}
        self.participants: dict[str, dict[str, Json]] = {}
        self.pairs: dict[str, dict[str, Json]] = {}
        self.rounds: dict[str, Json] = {}
        self.history: dict[str, list[Json]] = {}
        self.joined: list[Json] = []

    async def list_programs(self, token: str) -> list[Json]:
        self._record("list_programs", token)
        return list(self.programs.values())

    async def get_program(self, token: str, program_id: str) -> Json:
        self._record("get_program", token, program_id)
        from services.portal.domain.failures import NotFound

        if program_id not in self.programs:
            raise NotFound("matching", "not_found")
        return self.programs[program_id]

    async def launch_program(self, token: str, body: Json) -> Json:
        self._record("launch_program", token, body)
        view = {
            "program_id": body["program_id"],
            "settings": body["settings"],
            "policy": body.get("policy", {}),
            "program_version": 1,
            "policy_version": 1,
            "participants": {},
            "active_pairs": 0,
        }
        self.programs[body["program_id"]] = view
        return view

    async def change_program(self, token: str, program_id: str, body: Json) -> Json:
        self._record("change_program", token, program_id, body)
        view = self.programs[program_id]
        if body.get("settings"):
            view["settings"] = body["settings"]
            view["program_version"] += 1
        if body.get("policy"):
            view["policy"] = body["policy"]
            view["policy_version"] += 1
        return view

    async def policy_history(self, token: str, program_id: str) -> list[Json]:
        self._record("policy_history", token, program_id)
        return self.history.get(program_id, [])

    async def list_participants(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        self._record("list_participants", token, program_id, limit, cursor, filters)
        items = list(self.participants.get(program_id, {}).values())
        start = int(cursor or 0)
        chunk = items[start : start + limit]
        following = str(start + limit) if start + limit < len(items) else None
        return ListPage(items=chunk, next_cursor=following, total=len(items))

    async def get_participant(self, token: str, program_id: str, participant_id: str) -> Json:
        self._record("get_participant", token, program_id, participant_id)
        return self.participants[program_id][participant_id]

    async def update_participant(
        self, token: str, program_id: str, participant_id: str, profile: Json
    ) -> Json:
        self._record("update_participant", token, program_id, participant_id, profile)
        return {"program_id": program_id, "status": "active", "participant": profile}

    async def join_many(self, token: str, program_id: str, profiles: list[Json]) -> list[Json]:
        self._record("join_many", token, program_id, profiles)
        self.joined.extend(profiles)
        return [{"participant_id": p["participant_id"], "status": "joined"} for p in profiles]

    async def withdraw(self, token: str, program_id: str, participant_id: str) -> None:
        self._record("withdraw", token, program_id, participant_id)

    async def erase(self, token: str, program_id: str, participant_id: str) -> None:
        self._record("erase", token, program_id, participant_id)

    async def run_round(
        self, token: str, program_id: str, *, dry_run: bool, policy: Json | None = None
    ) -> Json:
        self._record("run_round", token, program_id, dry_run, policy)
        return self.rounds[program_id]

    async def list_rounds(self, token: str, program_id: str, *, limit: int) -> ListPage:
        self._record("list_rounds", token, program_id, limit)
        found = self.rounds.get(program_id)
        if found is None:
            return ListPage(items=[], total=0)
        summary = {
            "round_id": found["round_id"],
            "program_id": program_id,
            "round_number": 1,
            "status": found["status"],
            "created_at": "2026-03-02T09:00:00+00:00",
            "pairs": len(found["pairs"]),
            "unmatched": len(found["unmatched"]),
            "report": found["report"],
        }
        return ListPage(items=[summary], total=1)

    async def get_round(self, token: str, program_id: str, round_id: str) -> Json:
        self._record("get_round", token, program_id, round_id)
        return self.rounds[program_id]

    async def round_summary(self, token: str, program_id: str, round_id: str) -> Json:
        self._record("round_summary", token, program_id, round_id)
        found = self.rounds[program_id]
        by_status: dict[str, int] = {}
        for pair in found["pairs"]:
            by_status[pair["status"]] = by_status.get(pair["status"], 0) + 1
        return {
            **{k: v for k, v in found.items() if k not in ("pairs", "unmatched")},
            "round_number": 1,
            "pairs": len(found["pairs"]),
            "pairs_by_status": by_status,
            "unmatched": len(found["unmatched"]),
            "unmatched_people": found["unmatched"][:200],
        }

    async def round_pairs(
        self,
        token: str,
        program_id: str,
        round_id: str,
        *,
        limit: int,
        cursor: str | None,
        filters: Json,
    ) -> ListPage:
        self._record("round_pairs", token, program_id, round_id, limit, cursor, filters)
        wanted = filters.get("status")
        items = [
            p for p in self.rounds[program_id]["pairs"] if wanted is None or p["status"] == wanted
        ]
        start = int(cursor or 0)
        following = str(start + limit) if start + limit < len(items) else None
        return ListPage(items=items[start : start + limit], next_cursor=following, total=len(items))

    async def approve_round(
        self, token: str, program_id: str, round_id: str, pair_ids: list[str] | None
    ) -> list[Json]:
        self._record("approve_round", token, program_id, round_id, pair_ids)
        return [
            p
            for p in self.rounds[program_id]["pairs"]
            if pair_ids is None or p["pair_id"] in pair_ids
        ]

    async def list_pairs(
        self, token: str, program_id: str, *, limit: int, cursor: str | None, filters: Json
    ) -> ListPage:
        self._record("list_pairs", token, program_id, limit, cursor, filters)
        items = list(self.pairs.get(program_id, {}).values())
        return ListPage(items=items[:limit], next_cursor=None, total=len(items))

    async def get_pair(self, token: str, program_id: str, pair_id: str) -> Json:
        self._record("get_pair", token, program_id, pair_id)
        return self.pairs[program_id][pair_id]

    async def end_pair(self, token: str, program_id: str, pair_id: str, reason: str) -> Json:
        self._record("end_pair", token, program_id, pair_id, reason)
        pair = self.pairs[program_id][pair_id]
        pair["status"] = "ended"
        pair["ended_reason"] = reason
        return pair
