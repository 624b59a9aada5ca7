"""The matching HTTP API, put together: the paged lists, then programs, participants,
rounds and pairs (each in a module of its own), in the order their paths are documented."""

from __future__ import annotations

from fastapi import APIRouter

from services.matching.adapters.mongo_lists import pair_snapshots
from services.matching.adapters.mongo_matching import MongoMatchingStore
from services.matching.adapters.mongo_participant_directory import participant_directory
from services.matching.application.admin_audit import AdminAudit
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.programs import ProgramCommands
from services.matching.application.rounds import RoundRunner
from services.matching.entrypoints.list_api import build_list_router
from services.matching.entrypoints.list_views import pair_view
from services.matching.entrypoints.pairs_api import build_pairs_router
from services.matching.entrypoints.participants_api import build_participants_router
from services.matching.entrypoints.program_reads import ProgramReads
from services.matching.entrypoints.programs_api import build_programs_router
from services.matching.entrypoints.rounds_api import build_rounds_router


def build_router(
    *,
    store: MongoMatchingStore,
    programs: ProgramCommands,
    participants: ParticipantCommands,
    rounds: RoundRunner,
    pairs: PairLifecycle,
    audit: AdminAudit,
) -> APIRouter:
    reads = ProgramReads(
        store=store,
        directory=participant_directory(store.participants),
        pair_cache=pair_snapshots(store.db),
    )
    router = APIRouter()
    router.include_router(
        build_list_router(
            store=store,
            directory=reads.directory,
            pair_cache=reads.pair_cache,
            program_view=reads.program_view,
            pair_view=pair_view,
        )
    )
    router.include_router(build_programs_router(reads, programs, audit))
    router.include_router(build_participants_router(reads, participants, audit))
    router.include_router(build_rounds_router(reads, rounds, pairs, audit))
    router.include_router(build_pairs_router(reads, pairs, audit))
    return router
