"""Paged lists for the console, and what a participant may read of their own programs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from services.matching.adapters.mongo_lists import (
    MatchingLists,
    PairSnapshots,
    ProgramScope,
    pair_matcher,
    pairs_by_round,
    unmatched_count,
)
from services.matching.adapters.mongo_matching import MongoMatchingStore
from services.matching.adapters.mongo_participant_directory import (
    ParticipantDirectory,
    counts_of,
    matcher,
    merged_counts,
)
from services.matching.entrypoints.access import admin_program
from services.matching.entrypoints.list_views import participant_row, partner_card, program_brief
from services.matching.entrypoints.round_lists import build_round_router
from services.matching.entrypoints.schemas import (
    Membership,
    PairPage,
    ParticipantCounts,
    ParticipantPage,
    PartnerCard,
    ProgramBrief,
    ProgramPage,
    ProgramView,
    RoundPage,
    RoundSummary,
)
from shared.http.auth import CurrentPrincipal, Forbidden, Principal
from shared.http.error_docs import error_responses
from shared.http.errors import NotFound
from shared.http.pagination import Cursor, CursorCodec, Limit, Search, page_of

_ID = r"^[A-Za-z0-9][A-Za-z0-9._:@-]*$"
ParticipantId = Annotated[str, Path(min_length=1, max_length=128, pattern=_ID)]
Region = Annotated[str | None, Query(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
PairStatus = Literal["proposed", "active", "ended", "rejected"]

ERRORS = error_responses(
    401, 403, 404, 422, 503, s404="No such program or pair (admins only learn which exist)"
)
_PROGRAMS = CursorCodec("matching.programs")
_PARTICIPANTS = CursorCodec("matching.participants")
_PAIRS = CursorCodec("matching.pairs")
_ROUNDS = CursorCodec("matching.rounds")


def scope_of(principal: Principal) -> ProgramScope:
    if principal.is_platform_admin:
        return ProgramScope(everything=True)
    if "program_admin" not in principal.roles:
        return ProgramScope(everything=False)
    return ProgramScope(everything=False, ids=principal.programs, regions=principal.regions)


def build_list_router(
    *,
    store: MongoMatchingStore,
    directory: ParticipantDirectory,
    pair_cache: PairSnapshots,
    program_view: Any,
    pair_view: Any,
) -> APIRouter:
    """`program_view` and `pair_view` map documents as the single-item routes do."""
    lists = MatchingLists(store.db)
    router = APIRouter(tags=["matching"], responses=ERRORS)

    @router.get("/programs", response_model=ProgramPage)
    async def list_programs(
        principal: CurrentPrincipal,
        region: Region = None,
        q: Search = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ProgramPage:
        """Programs the caller administers, by id; `q` searches id and name."""
        filters = {"region": region, "q": q, "who": principal.subject}
        after = _PROGRAMS.decode(cursor, filters, 1)
        rows, total = await lists.programs(
            scope_of(principal),
            region=region,
            q=q,
            after=str(after[0]) if after else None,
            limit=limit,
        )
        views: list[ProgramView] = [await program_view(r) for r in rows[:limit]]
        page = page_of(
            rows,
            limit=limit,
            total=total,
            position_of=lambda r: (r["_id"],),
            view=lambda r: r,
            codec=_PROGRAMS,
            filters=filters,
        )
        return ProgramPage(items=views, next_cursor=page.next_cursor, total=total)

    @router.get("/programs/{program_id}/participants", response_model=ParticipantPage)
    async def list_participants(
        program_id: str,
        principal: CurrentPrincipal,
        role: Annotated[Literal["junior", "senior"] | None, Query()] = None,
        status: Annotated[Literal["active", "withdrawn", "erased"] | None, Query()] = None,
        q: Search = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ParticipantPage:
        """Participants by id; `q` searches id, display name and department. `counts` cover
        the whole program, `total` what the filters match."""
        await admin_program(store, principal, program_id)
        filters = {"program": program_id, "role": role, "status": status, "q": q}
        after = _PARTICIPANTS.decode(cursor, filters, 1)
        snapshot = await directory.snapshot(program_id)
        counts = snapshot.derived("counts", counts_of)
        matches = matcher(role=role, status=status, q=q)
        if q is None:
            total = sum(
                n
                for (s, r), n in counts.items()
                if (status is None or s == status) and (role is None or r == role)
            )
        else:
            total = snapshot.count(matches)
        page = page_of(
            snapshot.page(matches, after=str(after[0]) if after else None, limit=limit),
            limit=limit,
            total=total,
            position_of=lambda r: (r.participant_id,),
            view=participant_row,
            codec=_PARTICIPANTS,
            filters=filters,
        )
        by_status, by_role = merged_counts(counts)
        return ParticipantPage(
            items=page.items,
            next_cursor=page.next_cursor,
            total=page.total,
            counts=ParticipantCounts(by_status=by_status, by_role=by_role),
        )

    @router.get("/programs/{program_id}/pairs", response_model=PairPage)
    async def list_pairs(
        program_id: str,
        principal: CurrentPrincipal,
        status: Annotated[PairStatus | None, Query()] = None,
        participant: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
        q: Search = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PairPage:
        """Pairs by id. Admins see every pair; a participant sees their own (never proposed
        ones); `q` searches pair and participant ids."""
        statuses: list[str] = [status] if status else ["proposed", "active", "ended", "rejected"]
        own = principal.is_participant(principal.subject) and not principal.administers(
            program_id, None
        )
        if own:
            if participant not in (None, principal.subject):
                raise Forbidden("participants only see their own pairs")
            participant = principal.subject
            statuses = [s for s in statuses if s != "proposed"]
        else:
            await admin_program(store, principal, program_id)
        filters = {"program": program_id, "status": status, "participant": participant, "q": q}
        after = _PAIRS.decode(cursor, filters, 1)
        start = str(after[0]) if after else None
        matches = pair_matcher(statuses=statuses, q=q)
        if participant is not None:  # a handful: straight from the database, always current
            found = [
                d for d in await lists.pairs_of_participant(program_id, participant) if matches(d)
            ]
            total = len(found)
            rows = [d for d in found if start is None or d["_id"] > start][: limit + 1]
        else:
            snapshot = await pair_cache.snapshot(program_id)
            total = snapshot.count(matches)
            rows = snapshot.page(matches, after=start, limit=limit)
        page = page_of(
            rows,
            limit=limit,
            total=total,
            position_of=lambda r: (r["_id"],),
            view=pair_view,
            codec=_PAIRS,
            filters=filters,
        )
        return PairPage(items=page.items, next_cursor=page.next_cursor, total=page.total)

    @router.get("/programs/{program_id}/rounds", response_model=RoundPage)
    async def list_rounds(
        program_id: str,
        principal: CurrentPrincipal,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> RoundPage:
        """Rounds that published or proposed pairs, newest first (dry runs are not kept)."""
        await admin_program(store, principal, program_id)
        filters = {"program": program_id}
        before = _ROUNDS.decode(cursor, filters, 1)
        rows, total = await lists.rounds(
            program_id, before=int(before[0]) if before else None, limit=limit
        )
        snapshot = await pair_cache.snapshot(program_id)
        made = snapshot.derived("by_round", pairs_by_round)
        page = page_of(
            rows,
            limit=limit,
            total=total,
            position_of=lambda r: (int(r["round_number"]),),
            view=lambda r: RoundSummary(
                round_id=r["_id"],
                program_id=r["program_id"],
                round_number=r["round_number"],
                status=r["status"],
                created_at=r["created_at"],
                pairs=len(made[r["_id"]].docs) if r["_id"] in made else 0,
                unmatched=unmatched_count(r),
                report=r.get("report", {}),
                policy_version=r.get("policy_version"),
            ),
            codec=_ROUNDS,
            filters=filters,
        )
        return RoundPage(items=page.items, next_cursor=page.next_cursor, total=page.total)

    @router.get("/participants/{participant_id}/programs", response_model=list[Membership])
    async def my_programs(
        participant_id: ParticipantId, principal: CurrentPrincipal
    ) -> list[Membership]:
        """The programs this person is in, with their status there: for the person, and for
        admins (who see only the programs they administer)."""
        if not (principal.is_participant(participant_id) or scope_of(principal).query()):
            raise Forbidden("participants only see their own programs")
        rows = await lists.memberships(participant_id)
        programs = await lists.programs_by_id([r["program_id"] for r in rows])
        found: list[Membership] = []
        for row in rows:
            program = programs.get(row["program_id"])
            if program is None:
                continue
            if not principal.is_participant(participant_id) and not principal.administers(
                program["_id"], program["settings"]["region"]
            ):
                continue
            found.append(
                Membership(
                    program=program_brief(program),
                    role=row["role"],
                    status=row["status"],
                    joined_at=row.get("joined_at"),
                )
            )
        return found

    @router.get("/programs/{program_id}/summary", response_model=ProgramBrief)
    async def program_summary(program_id: str, principal: CurrentPrincipal) -> ProgramBrief:
        """A program's name and public settings, for its participants and admins."""
        program = await store.get_program(program_id)
        if (
            program is not None
            and "participant" in principal.roles
            and await store.get_participant(program_id, principal.subject) is not None
        ):
            return program_brief(program)
        return program_brief(await admin_program(store, principal, program_id))

    @router.get("/programs/{program_id}/pairs/{pair_id}/partner", response_model=PartnerCard)
    async def partner(program_id: str, pair_id: str, principal: CurrentPrincipal) -> PartnerCard:
        """The other member's public card, for a member of the pair (admins: the senior's
        card is not this route's purpose; they read participants directly)."""
        pair = await store.get_pair(program_id, pair_id)
        if pair is None or pair["status"] == "proposed":
            raise NotFound("pair")
        members = (pair["junior_id"], pair["senior_id"])
        if not ("participant" in principal.roles and principal.subject in members):
            raise Forbidden("only the members of this pair see their partner's card")
        other = members[1] if principal.subject == members[0] else members[0]
        doc, mine = await asyncio.gather(
            store.get_participant(program_id, other),
            store.get_participant(program_id, principal.subject),
        )
        if doc is None:
            raise NotFound("participant")
        return partner_card(doc, mine, datetime.now(UTC).date())

    router.include_router(build_round_router(store=store, pair_cache=pair_cache))
    return router
