"""Composition root of the matching service."""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

from services.matching.adapters.mongo_collections import (
    COLLECTIONS,
    OUTBOX_COLLECTIONS,
    PARTICIPANTS,
)
from services.matching.adapters.mongo_directory_people import (
    DIRECTORY_PEOPLE,
    DIRECTORY_PEOPLE_SPEC,
    MongoDirectoryPeople,
)
from services.matching.adapters.mongo_enrolment_rules import (
    ENROLMENT_RULES,
    ENROLMENT_RULES_SPEC,
    MongoEnrolmentRules,
)
from services.matching.adapters.mongo_invitations import (
    INVITATIONS,
    INVITATIONS_SPEC,
    MongoInvitations,
)
from services.matching.adapters.mongo_lists import MatchingLists, pair_snapshots
from services.matching.adapters.mongo_matching import MongoMatchingStore
from services.matching.adapters.mongo_participant_directory import participant_directory
from services.matching.application.admin_audit import AdminAudit
from services.matching.application.enrolment import Enrolment
from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.invitations import Invitations
from services.matching.application.leavers import DirectoryChanges
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.programs import ProgramCommands
from services.matching.application.rounds import RoundRunner
from services.matching.entrypoints.api import STATE_NAME, MatchingApi, router
from services.matching.entrypoints.directory_subscriber import register_directory_subscriber
from services.matching.entrypoints.program_reads import ProgramReads
from services.matching.entrypoints.subscribers import register_subscribers
from services.matching.settings import MatchingSettings
from shared.clock import Clock
from shared.runtime import build_app, build_runtime
from shared.storage.audit import AUDIT, AUDIT_SPEC, AuditTrail

__all__ = ["MatchingSettings", "create_app"]  # the settings stay importable from here


def create_app(settings: MatchingSettings | None = None, clock: Clock | None = None) -> Any:
    settings = settings or MatchingSettings()
    runtime = build_runtime(
        settings,
        collections=[
            *COLLECTIONS,
            AUDIT_SPEC,
            DIRECTORY_PEOPLE_SPEC,
            ENROLMENT_RULES_SPEC,
            INVITATIONS_SPEC,
        ],
        outbox_collections=[*OUTBOX_COLLECTIONS, INVITATIONS],
        clock=clock,
    )
    trail = AuditTrail(runtime.db[AUDIT])
    store = MongoMatchingStore(runtime.db, runtime.outbox)
    pairs = PairLifecycle(store, runtime.clock, runtime.metrics)
    programs = ProgramCommands(store, runtime.clock)
    participants = ParticipantCommands(store, runtime.clock, pairs)
    rounds = RoundRunner(
        store,
        runtime.clock,
        runtime.metrics,
        pairs,
        instance_id=f"{socket.gethostname()}:{os.getpid()}",
    )
    register_subscribers(
        runtime,
        participants=participants,
        pairs=pairs,
        joined=rounds.participant_changed,
    )
    people = MongoDirectoryPeople(runtime.db[DIRECTORY_PEOPLE])
    enrolment = Enrolment(people, participants)
    by_rule = EnrolmentByRule(MongoEnrolmentRules(runtime.db[ENROLMENT_RULES]), people, enrolment)
    register_directory_subscriber(
        runtime,
        DirectoryChanges(store, participants, pairs, trail, runtime.clock, people, by_rule),
    )

    async def auto_rounds() -> None:
        await rounds.auto_rounds()
        await asyncio.sleep(settings.auto_round_check_seconds)

    async def changed_rounds() -> None:
        await rounds.next_change()
        await rounds.changed_rounds()

    runtime.background.extend([auto_rounds, changed_rounds])
    reads = ProgramReads(
        store=store,
        directory=participant_directory(runtime.db[PARTICIPANTS]),
        pair_cache=pair_snapshots(runtime.db),
    )
    runtime.closers.extend([reads.directory.close, reads.pair_cache.close])
    api = MatchingApi(
        reads=reads,
        lists=MatchingLists(runtime.db),
        programs=programs,
        participants=participants,
        rounds=rounds,
        pairs=pairs,
        audit=AdminAudit(trail, runtime.clock),
        trail=trail,
        people=people,
        enrolment=enrolment,
        by_rule=by_rule,
        invitations=Invitations(
            MongoInvitations(runtime.db[INVITATIONS], runtime.outbox),
            people,
            store,
            enrolment,
            runtime.clock,
        ),
    )
    return build_app(
        runtime,
        title="Twoway matching",
        description="Programs, participants and globally optimal two-way matching rounds.",
        routers=[router],
        state={STATE_NAME: api},
    )
