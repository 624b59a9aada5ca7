"""The matching HTTP API: programs, participants, rounds and pairs."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Header, Response
from starlette.convertors import Convertor, register_url_convertor

from services.matching.adapters.lists import pair_snapshots
from services.matching.adapters.participant_directory import (
    counts_of,
    merged_counts,
    participant_directory,
)
from services.matching.adapters.store import MatchingStore
from services.matching.application.admin_audit import AdminAudit
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import (
    ERASED,
    ParticipantCommands,
    ProgramCommands,
)
from services.matching.application.rounds import RoundRunner
from services.matching.entrypoints import access
from services.matching.entrypoints.list_api import ERRORS, build_list_router
from services.matching.entrypoints.list_views import pair_view, round_view
from services.matching.entrypoints.schemas import (
    ApproveRequest,
    BulkJoin,
    EndPair,
    PairView,
    ParticipantView,
    PolicyIn,
    ProgramChange,
    ProgramLaunch,
    ProgramView,
    RoundRequest,
    RoundView,
    RowOutcome,
)
from shared.events import ParticipantProfile, ProgramSettings
from shared.http.auth import CurrentPrincipal, Principal
from shared.http.errors import Conflict, NotFound, Unprocessable
from shared.http.strict_body import strict_json
from shared.storage.mongo import Document

CorrelationHeader = Annotated[
    UUID,
    Header(
        alias="X-Correlation-ID",
        default_factory=uuid4,
        description="Carried into every event this request causes (a new one if absent)",
    ),
]
ProgramLaunchBody = Annotated[ProgramLaunch, strict_json(ProgramLaunch)]
ProgramChangeBody = Annotated[ProgramChange, strict_json(ProgramChange)]
ParticipantProfileBody = Annotated[ParticipantProfile, strict_json(ParticipantProfile)]
BulkJoinBody = Annotated[BulkJoin, strict_json(BulkJoin)]
RoundRequestBody = Annotated[RoundRequest, strict_json(RoundRequest)]
ApproveRequestBody = Annotated[ApproveRequest, strict_json(ApproveRequest)]
EndPairBody = Annotated[EndPair, strict_json(EndPair)]


class ParticipantSegment(Convertor[str]):
    """A participant id in a path, except `bulk`: `/participants/bulk` is the bulk import, so
    it only serves POST (and a 405 there names POST alone)."""

    regex = "(?!bulk$)[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("participant_segment", ParticipantSegment())


def _correlation(value: UUID | None) -> UUID:
    return value or uuid4()


def build_router(
    *,
    store: MatchingStore,
    programs: ProgramCommands,
    participants: ParticipantCommands,
    rounds: RoundRunner,
    pairs: PairLifecycle,
    audit: AdminAudit,
) -> APIRouter:
    directory = participant_directory(store.participants)
    pair_cache = pair_snapshots(store.db)

    async def active_pairs(program_id: str) -> int:
        # From the program's pair snapshot (loaded once, then refreshed behind): counting
        # a large program's pairs in the database on every read of the program cost ~1 s.
        snapshot = await pair_cache.snapshot(program_id)
        return snapshot.derived("active", lambda docs: sum(d["status"] == "active" for d in docs))

    router = APIRouter(prefix="/programs", tags=["matching"], responses=ERRORS)

    async def admin_program(principal: Principal, program_id: str) -> Document:
        return await access.admin_program(store, principal, program_id)

    async def view(program: Document) -> ProgramView:
        return ProgramView(
            program_id=program["_id"],
            settings=ProgramSettings.model_validate(program["settings"]),
            program_version=program["program_version"],
            policy=PolicyIn.model_validate(program["policy"]),
            policy_version=program["policy_version"],
            participants=merged_counts(
                (await directory.snapshot(program["_id"])).derived("counts", counts_of)
            )[0],
            active_pairs=await active_pairs(program["_id"]),
        )

    @router.post("", status_code=201, response_model=ProgramView)
    async def launch_program(
        body: ProgramLaunchBody, principal: CurrentPrincipal, correlation: CorrelationHeader
    ) -> ProgramView:
        principal.require_admin_of(body.program_id, body.settings.region)
        launched = await programs.launch(body, _correlation(correlation))
        await audit.record(principal, "program.launched", body.program_id, unit=correlation)
        return await view(launched)

    @router.get("/{program_id}", response_model=ProgramView)
    async def get_program(program_id: str, principal: CurrentPrincipal) -> ProgramView:
        return await view(await admin_program(principal, program_id))

    @router.patch("/{program_id}", response_model=ProgramView)
    async def change_program(
        program_id: str,
        body: ProgramChangeBody,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> ProgramView:
        program = await admin_program(principal, program_id)
        if body.settings is not None:
            principal.require_admin_of(program_id, body.settings.region)
        changed = await programs.change(program_id, body, _correlation(correlation))
        await audit.program_changed(principal, program, changed, correlation)
        return await view(await store.get_program(program_id) or program)

    @router.get("/{program_id}/policy/history")
    async def policy_history(program_id: str, principal: CurrentPrincipal) -> list[dict[str, Any]]:
        program = await admin_program(principal, program_id)
        return [
            {"version": h["version"], "policy": h["policy"], "at": h["at"].isoformat()}
            for h in program.get("policy_history", [])
        ]

    @router.post(
        "/{program_id}/participants",
        status_code=201,
        response_model=RowOutcome,
        responses={
            200: {"model": RowOutcome, "description": "The same join again: nothing changed."}
        },
    )
    async def join(
        program_id: str,
        body: ParticipantProfileBody,
        principal: CurrentPrincipal,
        response: Response,
        correlation: CorrelationHeader,
    ) -> RowOutcome:
        await admin_program(principal, program_id)
        try:
            [outcome] = await participants.join_many(program_id, [body], _correlation(correlation))
        finally:
            directory.changed(program_id)
        if outcome.status == "rejected" and outcome.problems == [ERASED]:
            raise Conflict("participant_erased", ERASED)
        if outcome.status == "rejected":
            raise Unprocessable("participant_conflict", outcome.problems[0])
        if outcome.status == "unchanged":
            response.status_code = 200
        else:
            await audit.record(
                principal,
                "participant.joined",
                program_id,
                unit=correlation,
                target=body.participant_id,
                subjects=(body.participant_id,),
            )
        return outcome

    @router.post("/{program_id}/participants/bulk", response_model=list[RowOutcome])
    async def join_many(
        program_id: str,
        body: BulkJoinBody,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> list[RowOutcome]:
        await admin_program(principal, program_id)
        try:
            outcomes = await participants.join_many(
                program_id, body.participants, _correlation(correlation)
            )
        finally:
            directory.changed(program_id)
        counts = {s: sum(o.status == s for o in outcomes) for s in ("joined", "rejected")}
        await audit.record(
            principal, "participants.imported", program_id, unit=correlation, changes=counts
        )
        return outcomes

    async def readable_participant(principal: Principal, program_id: str, pid: str) -> Document:
        if not principal.is_participant(pid):
            await admin_program(principal, program_id)
        doc = await store.get_participant(program_id, pid)
        if doc is None:
            raise NotFound("participant")
        return doc

    @router.get(
        "/{program_id}/participants/{participant_id:participant_segment}",
        response_model=ParticipantView,
    )
    async def get_participant(
        program_id: str, participant_id: str, principal: CurrentPrincipal
    ) -> ParticipantView:
        doc = await readable_participant(principal, program_id, participant_id)
        return ParticipantView(
            program_id=program_id,
            status=doc["status"],
            profile_version=doc["profile_version"],
            participant=ParticipantProfile.model_validate(doc["profile"])
            if "profile" in doc
            else None,
        )

    @router.put(
        "/{program_id}/participants/{participant_id:participant_segment}",
        response_model=ParticipantView,
    )
    async def update_participant(
        program_id: str,
        participant_id: str,
        body: ParticipantProfileBody,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> ParticipantView:
        await readable_participant(principal, program_id, participant_id)
        if body.participant_id != participant_id:
            raise Unprocessable("id_mismatch", "participant_id in the body differs from the path")
        try:
            doc = await participants.update(program_id, body, _correlation(correlation))
        finally:
            directory.changed(program_id)
        await audit.record(
            principal,
            "participant.updated",
            program_id,
            unit=correlation,
            target=participant_id,
            subjects=(participant_id,),
            changes={"profile_version": doc["profile_version"]},
        )
        return ParticipantView(
            program_id=program_id,
            status=doc["status"],
            profile_version=doc["profile_version"],
            participant=body,
        )

    @router.post("/{program_id}/participants/{participant_id}/withdraw", status_code=204)
    async def withdraw(
        program_id: str,
        participant_id: str,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> None:
        await readable_participant(principal, program_id, participant_id)
        try:
            await participants.withdraw(program_id, participant_id, _correlation(correlation))
        finally:
            directory.changed(program_id)
            pair_cache.changed(program_id)
        await audit.record(
            principal,
            "participant.withdrawn",
            program_id,
            unit=correlation,
            target=participant_id,
            subjects=(participant_id,),
        )

    @router.delete(
        "/{program_id}/participants/{participant_id:participant_segment}", status_code=204
    )
    async def erase(
        program_id: str,
        participant_id: str,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> None:
        await readable_participant(principal, program_id, participant_id)
        try:
            await participants.erase(program_id, participant_id, _correlation(correlation))
        finally:
            directory.changed(program_id)
            pair_cache.changed(program_id)
        await audit.erased(principal, program_id, participant_id, correlation)

    @router.post("/{program_id}/rounds", response_model=RoundView)
    async def run_round(
        program_id: str,
        body: RoundRequestBody,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> RoundView:
        program = await admin_program(principal, program_id)
        if body.policy is not None and not body.dry_run:
            raise Unprocessable("policy_needs_dry_run", "a policy can be tried in a dry run only")
        trial = None
        if body.policy is not None:  # a policy tried before it is saved
            trial = {**program, "policy": body.policy.model_dump(mode="json")}
        if not body.dry_run:
            pair_cache.changed(program_id)
        doc = await rounds.run(
            program_id,
            dry_run=body.dry_run,
            correlation_id=_correlation(correlation),
            program=trial,
        )
        if not body.dry_run:
            pair_cache.changed(program_id)
            await audit.record(
                principal,
                "round.run",
                program_id,
                unit=correlation,
                target=str(doc["_id"]),
                changes={
                    "round_number": doc.get("round_number"),
                    "status": doc.get("status"),
                    "pairs": len(doc.get("pair_ids") or []),
                },
            )
        pair_docs = doc.get("pairs") or [
            p
            for p in await store.pairs_of_program(program_id, ["proposed", "active"])
            if p["round_id"] == doc["_id"]
        ]
        return round_view(doc, pair_docs)

    @router.get("/{program_id}/rounds/{round_id}", response_model=RoundView)
    async def get_round(program_id: str, round_id: str, principal: CurrentPrincipal) -> RoundView:
        await admin_program(principal, program_id)
        doc = await store.get_round(program_id, round_id)
        if doc is None:
            raise NotFound("round")
        statuses = ["proposed", "active", "ended", "rejected"]
        pair_docs = [
            p
            for p in await store.pairs_of_program(program_id, statuses)
            if p["round_id"] == round_id
        ]
        return round_view(doc, pair_docs)

    @router.post("/{program_id}/rounds/{round_id}/approve", response_model=list[PairView])
    async def approve(
        program_id: str,
        round_id: str,
        body: ApproveRequestBody,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
    ) -> list[PairView]:
        await admin_program(principal, program_id)
        pair_cache.changed(program_id)
        approved = await pairs.approve(
            program_id, round_id, body.pair_ids, _correlation(correlation)
        )
        pair_cache.changed(program_id)
        await audit.record(
            principal,
            "round.approved",
            program_id,
            unit=correlation,
            target=round_id,
            changes={"pairs_approved": len(approved)},
        )
        return [pair_view(p) for p in approved]

    @router.get("/{program_id}/pairs/{pair_id}", response_model=PairView)
    async def get_pair(program_id: str, pair_id: str, principal: CurrentPrincipal) -> PairView:
        pair = await store.get_pair(program_id, pair_id)
        member = pair is not None and principal.subject in (pair["junior_id"], pair["senior_id"])
        if not (member and "participant" in principal.roles):
            await admin_program(principal, program_id)
        if pair is None:
            raise NotFound("pair")
        return pair_view(pair)

    @router.post("/{program_id}/pairs/{pair_id}/end", response_model=PairView)
    async def end_pair(
        program_id: str,
        pair_id: str,
        principal: CurrentPrincipal,
        correlation: CorrelationHeader,
        body: EndPairBody | None = None,
    ) -> PairView:
        await admin_program(principal, program_id)
        pair_cache.changed(program_id)
        reason = body.reason if body is not None else "admin"
        ended = await pairs.end(program_id, pair_id, reason, _correlation(correlation))
        pair_cache.changed(program_id)
        await audit.record(
            principal,
            "pair.ended",
            program_id,
            unit=correlation,
            target=pair_id,
            changes={"reason": reason},
            subjects=(ended["junior_id"], ended["senior_id"]),
        )
        return pair_view(ended)

    outer = APIRouter()
    outer.include_router(
        build_list_router(
            store=store,
            directory=directory,
            pair_cache=pair_cache,
            program_view=view,
            pair_view=pair_view,
        )
    )
    outer.include_router(router)
    return outer
