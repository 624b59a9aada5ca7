"""A round for review at any size: its figures without its pairs, and its pairs page by page.

`GET /programs/{program_id}/rounds/{round_id}` answers with every pair of the round, which for a
10,000-person program is thousands of pairs per click; the console reads these two instead.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.matching.adapters.mongo_lists import PairSnapshots, RoundPairs, pairs_by_round
from services.matching.application.ports import MatchingRepository
from services.matching.entrypoints.access import admin_program
from services.matching.entrypoints.dependencies import PairCache, Store
from services.matching.entrypoints.list_views import pair_view
from services.matching.entrypoints.schemas import PairPage, RoundOverview, UnmatchedView
from shared.http.auth import CurrentPrincipal, Principal
from shared.http.error_docs import error_responses
from shared.http.errors import NotFound
from shared.http.pagination import Cursor, CursorCodec, Limit, page_of
from shared.storage.mongo import Document

PairStatus = Literal["proposed", "active", "ended", "rejected"]
UNMATCHED_SHOWN = 200
NOT_FOUND = "No such program or round (admins only learn which exist)"
_ROUND_PAIRS = CursorCodec("matching.round_pairs")
_NO_PAIRS = RoundPairs(docs=[], keys=[], by_status={})

# Tagged by the list router it is included in; only the 404 says what is missing here.
router = APIRouter(responses=error_responses(404, s404=NOT_FOUND))


async def round_of(
    store: MatchingRepository, principal: Principal, program_id: str, round_id: str
) -> Document:
    await admin_program(store, principal, program_id)
    doc = await store.get_round(program_id, round_id)
    if doc is None:
        raise NotFound("round")
    return doc


async def pairs_of(pair_cache: PairSnapshots, program_id: str, round_id: str) -> RoundPairs:
    snapshot = await pair_cache.snapshot(program_id)
    return snapshot.derived("by_round", pairs_by_round).get(round_id, _NO_PAIRS)


@router.get("/programs/{program_id}/rounds/{round_id}/summary", response_model=RoundOverview)
async def round_summary(
    program_id: str,
    round_id: str,
    principal: CurrentPrincipal,
    store: Store,
    pair_cache: PairCache,
) -> RoundOverview:
    """The round's status, quality report, counts of its pairs by status now, and the first
    200 people it left unmatched; its pairs are at `/rounds/{round_id}/pairs`."""
    doc = await round_of(store, principal, program_id, round_id)
    found = await pairs_of(pair_cache, program_id, round_id)
    unmatched = doc.get("unmatched", [])
    return RoundOverview(
        round_id=doc["_id"],
        program_id=doc["program_id"],
        round_number=doc.get("round_number", 0),
        status=doc["status"],
        dry_run=bool(doc.get("dry_run")),
        created_at=doc["created_at"],
        pairs=len(found.docs),
        pairs_by_status=found.by_status,
        unmatched=len(unmatched),
        unmatched_people=[UnmatchedView(**u) for u in unmatched[:UNMATCHED_SHOWN]],
        report=doc.get("report", {}),
        policy_version=doc.get("policy_version"),
    )


@router.get("/programs/{program_id}/rounds/{round_id}/pairs", response_model=PairPage)
async def round_pairs(
    program_id: str,
    round_id: str,
    principal: CurrentPrincipal,
    store: Store,
    pair_cache: PairCache,
    status: Annotated[PairStatus | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PairPage:
    """The pairs this round made, best score first (then by pair id); `status` filters by
    their status now, `total` counts what the filter matches."""
    await round_of(store, principal, program_id, round_id)
    filters = {"program": program_id, "round": round_id, "status": status}
    after = _ROUND_PAIRS.decode(cursor, filters, 2)
    found = await pairs_of(pair_cache, program_id, round_id)
    position = (float(after[0]), str(after[1])) if after else None

    def matches(doc: Document) -> bool:
        return status is None or doc["status"] == status

    total = len(found.docs) if status is None else found.by_status.get(status, 0)
    page = page_of(
        found.page(matches, after=position, limit=limit),
        limit=limit,
        total=total,
        position_of=lambda d: (-float(d["score"]), str(d["_id"])),
        view=pair_view,
        codec=_ROUND_PAIRS,
        filters=filters,
    )
    return PairPage(items=page.items, next_cursor=page.next_cursor, total=page.total)
