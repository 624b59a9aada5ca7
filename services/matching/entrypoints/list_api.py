"""Paged lists for the console: programs, a program's participants, pairs and rounds (with what
a participant may read of their own programs, `member_api`, and a round's review, `round_lists`,
documented beside them)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.matching.adapters.mongo_lists import pair_matcher, pairs_by_round, unmatched_count
from services.matching.adapters.mongo_participant_directory import counts_of, matcher, merged_counts
from services.matching.entrypoints import member_api, round_lists
from services.matching.entrypoints.access import admin_program, scope_of
from services.matching.entrypoints.dependencies import Directory, Lists, PairCache, Reads, Store
from services.matching.entrypoints.list_views import pair_view, participant_row
from services.matching.entrypoints.schemas import (
    PairPage,
    ParticipantCounts,
    ParticipantPage,
    ProgramPage,
    RoundPage,
    RoundSummary,
)
from shared.http.auth import CurrentPrincipal, Forbidden
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, CursorCodec, Limit, Search, page_of

Region = Annotated[str | None, Query(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
PairStatus = Literal["proposed", "active", "ended", "rejected"]

ERRORS = error_responses(
    401, 403, 404, 422, 503, s404="No such program or pair (admins only learn which exist)"
)
_PROGRAMS = CursorCodec("matching.programs")
_PARTICIPANTS = CursorCodec("matching.participants")
_PAIRS = CursorCodec("matching.pairs")
_ROUNDS = CursorCodec("matching.rounds")

router = APIRouter(tags=["matching"], responses=ERRORS)


@router.get("/programs", response_model=ProgramPage)
async def list_programs(
    principal: CurrentPrincipal,
    reads: Reads,
    lists: Lists,
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
    views = [await reads.program_view(r) for r in rows[:limit]]
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
    store: Store,
    directory: Directory,
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
    store: Store,
    lists: Lists,
    pair_cache: PairCache,
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
        found = [d for d in await lists.pairs_of_participant(program_id, participant) if matches(d)]
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
    store: Store,
    lists: Lists,
    pair_cache: PairCache,
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


# Tagged and documented as the lists are: the participant's reads, then a round's review.
router.include_router(member_api.router)
router.include_router(round_lists.router)
