"""Mapping stored documents to the API's views of them."""

from __future__ import annotations

from datetime import date

from services.matching.adapters.mongo_participant_directory import DirectoryRow
from services.matching.domain.shared_week import shared_windows
from services.matching.entrypoints.schemas import (
    PairView,
    ParticipantSummary,
    PartnerCard,
    ProgramBrief,
    RoundView,
)
from shared.storage.mongo import Document


def participant_row(row: DirectoryRow) -> ParticipantSummary:
    return ParticipantSummary(
        participant_id=row.participant_id,
        role=row.role,  # type: ignore[arg-type]
        status=row.status,  # type: ignore[arg-type]
        display_name=row.display_name,
        department=row.department,
        location=row.location,
        profile_version=row.profile_version,
        joined_at=row.joined_at,
    )


def program_brief(program: Document) -> ProgramBrief:
    settings = program["settings"]
    return ProgramBrief(
        program_id=program["_id"],
        name=settings["name"],
        branding_name=settings.get("branding_name"),
        region=settings["region"],
        timezone=settings["timezone"],
        locales=settings["locales"],
        start_date=settings["start_date"],
        end_date=settings["end_date"],
        cadence_days=settings.get("cadence_days", 14),
        session_minutes=settings.get("session_minutes", 60),
        feedback_deadline_days=settings.get("feedback_deadline_days", 7),
        self_assessment=settings.get("self_assessment", True),
    )


def partner_card(doc: Document, mine: Document | None, today: date) -> PartnerCard:
    """The partner's card for `mine` (the caller's own participant document)."""
    profile = doc.get("profile") or {}
    own = (mine or {}).get("profile") or {}
    shared: list[dict[str, str]] = []
    if own.get("timezone") and profile.get("timezone"):
        shared = shared_windows(
            own.get("availability", []),
            own["timezone"],
            profile.get("availability", []),
            profile["timezone"],
            today,
        )
    return PartnerCard(
        participant_id=doc["participant_id"],
        role=doc["role"],
        display_name=profile.get("display_name"),
        department=profile.get("department"),
        location=profile.get("location"),
        languages=profile.get("languages", []),
        timezone=profile.get("timezone"),
        skills_offered=profile.get("skills_offered", []),
        learning_goals=profile.get("learning_goals", []),
        shared_availability=shared,
    )


def pair_view(doc: Document) -> PairView:
    return PairView(
        pair_id=doc["_id"],
        program_id=doc["program_id"],
        junior_id=doc["junior_id"],
        senior_id=doc["senior_id"],
        score=doc["score"],
        reasons=doc["reasons"],
        status=doc["status"],
        round_id=doc["round_id"],
        ended_reason=doc.get("ended_reason"),
        replaces_pair_id=doc.get("replaces_pair_id"),
    )


def round_view(doc: Document, pairs: list[Document]) -> RoundView:
    return RoundView(
        round_id=doc["_id"],
        program_id=doc["program_id"],
        dry_run=doc["dry_run"],
        status=doc["status"],
        pairs=[pair_view(p) for p in pairs],
        unmatched=doc["unmatched"],
        report=doc["report"],
    )
