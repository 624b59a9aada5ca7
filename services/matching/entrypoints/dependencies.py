"""What the matching routes work with, built once by the composition root and kept on
`app.state.matching`; each route names the collaborators it needs as `Annotated` parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.matching.adapters.mongo_lists import PairSnapshots
from services.matching.adapters.mongo_participant_directory import ParticipantDirectory
from services.matching.application.admin_audit import AdminAudit
from services.matching.application.enrolment import Enrolment
from services.matching.application.enrolment_rules import EnrolmentByRule
from services.matching.application.invitations import Invitations
from services.matching.application.pairs import PairLifecycle
from services.matching.application.participants import ParticipantCommands
from services.matching.application.ports import DirectorySearch, MatchingRepository, ProgramLists
from services.matching.application.programs import ProgramCommands
from services.matching.application.rounds import RoundRunner
from services.matching.entrypoints.program_reads import ProgramReads
from shared.storage.audit import AuditTrail


@dataclass(frozen=True)
class MatchingApi:
    """The use cases, the reads and the in-memory lists behind the HTTP API."""

    reads: ProgramReads
    lists: ProgramLists
    programs: ProgramCommands
    participants: ParticipantCommands
    rounds: RoundRunner
    pairs: PairLifecycle
    audit: AdminAudit
    trail: AuditTrail
    people: DirectorySearch
    enrolment: Enrolment
    by_rule: EnrolmentByRule
    invitations: Invitations


STATE_NAME = "matching"


def matching_api(request: Request) -> MatchingApi:
    api: MatchingApi = getattr(request.app.state, STATE_NAME)
    return api


Api = Annotated[MatchingApi, Depends(matching_api)]


def _reads(api: Api) -> ProgramReads:
    return api.reads


def _store(api: Api) -> MatchingRepository:
    return api.reads.store


def _directory(api: Api) -> ParticipantDirectory:
    return api.reads.directory


def _pair_cache(api: Api) -> PairSnapshots:
    return api.reads.pair_cache


def _lists(api: Api) -> ProgramLists:
    return api.lists


def _programs(api: Api) -> ProgramCommands:
    return api.programs


def _participants(api: Api) -> ParticipantCommands:
    return api.participants


def _rounds(api: Api) -> RoundRunner:
    return api.rounds


def _pairs(api: Api) -> PairLifecycle:
    return api.pairs


def _audit(api: Api) -> AdminAudit:
    return api.audit


def _trail(api: Api) -> AuditTrail:
    return api.trail


def _people(api: Api) -> DirectorySearch:
    return api.people


def _enrolment(api: Api) -> Enrolment:
    return api.enrolment


def _by_rule(api: Api) -> EnrolmentByRule:
    return api.by_rule


def _invitations(api: Api) -> Invitations:
    return api.invitations


Reads = Annotated[ProgramReads, Depends(_reads)]
Store = Annotated[MatchingRepository, Depends(_store)]
Directory = Annotated[ParticipantDirectory, Depends(_directory)]
PairCache = Annotated[PairSnapshots, Depends(_pair_cache)]
Lists = Annotated[ProgramLists, Depends(_lists)]
Programs = Annotated[ProgramCommands, Depends(_programs)]
Participants = Annotated[ParticipantCommands, Depends(_participants)]
Rounds = Annotated[RoundRunner, Depends(_rounds)]
Pairs = Annotated[PairLifecycle, Depends(_pairs)]
Audit = Annotated[AdminAudit, Depends(_audit)]
Trail = Annotated[AuditTrail, Depends(_trail)]
People = Annotated[DirectorySearch, Depends(_people)]
Enrol = Annotated[Enrolment, Depends(_enrolment)]
ByRule = Annotated[EnrolmentByRule, Depends(_by_rule)]
Invite = Annotated[Invitations, Depends(_invitations)]
