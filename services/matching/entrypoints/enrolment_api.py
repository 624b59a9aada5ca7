"""Enrolment from the company directory: admins search the people the directory provisioned
and enrol them into a program without retyping a profile."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import Field

from services.matching.domain.enrolment import DirectoryPerson, EnrolmentTerms
from services.matching.entrypoints import access
from services.matching.entrypoints.dependencies import Audit, Enrol, People, Store
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.request_parts import CorrelationHeader, correlation_of
from services.matching.entrypoints.schemas import RowOutcome, Strict
from shared.events.envelope import Identifier
from shared.http.auth import CurrentPrincipal, Forbidden
from shared.http.error_docs import error_responses
from shared.http.pagination import Cursor, CursorCodec, Limit, Page, Search, page_of
from shared.http.strict_body import strict_json

_PEOPLE = CursorCodec("matching.directory_people")
MAX_ENROLMENT = 200


class DirectoryPersonView(Strict):
    person_id: str
    display_name: str | None
    email: str | None
    language: str | None
    timezone: str | None
    department: str | None
    location: str | None
    enrollable: bool = Field(description="Active, with a name and an email programs can use")


class EnrolmentRequest(Strict):
    person_ids: Annotated[list[Identifier], Field(min_length=1, max_length=MAX_ENROLMENT)]
    role: Literal["junior", "senior"]
    seniority_level: Annotated[int, Field(ge=1, le=10)]
    department: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None,
        description="For whoever the directory gives no department (theirs comes first)",
    )
    location: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, description="For whoever the directory gives no location (theirs comes first)"
    )


class EnrolmentResult(Strict):
    items: list[RowOutcome] = Field(description="One per person asked, in the order asked")
    joined: int
    unchanged: int
    rejected: int


EnrolmentBody = Annotated[EnrolmentRequest, strict_json(EnrolmentRequest)]


def _view(person: DirectoryPerson) -> DirectoryPersonView:
    return DirectoryPersonView(
        person_id=person.person_id,
        display_name=person.display_name,
        email=person.email,
        language=person.language,
        timezone=person.timezone,
        department=person.department,
        location=person.location,
        enrollable=person.enrollable,
    )


router = APIRouter(
    tags=["enrolment"],
    responses=error_responses(401, 403, 404, 422),
    route_class=MatchingRoute,
)


@router.get("/directory/people", response_model=Page[DirectoryPersonView])
async def directory_people(
    principal: CurrentPrincipal,
    people: People,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DirectoryPersonView]:
    """Active people of the company directory by name (platform and program admins),
    searched by name or email."""
    if not (principal.is_platform_admin or "program_admin" in principal.roles):
        raise Forbidden("admins only")
    filters = {"q": q or ""}
    position = _PEOPLE.decode(cursor, filters, 2)
    after = (str(position[0]), str(position[1])) if position is not None else None
    rows, total = await people.search(q, after=after, limit=limit)
    return page_of(
        rows,
        limit=limit,
        total=total,
        position_of=people.position_of,
        view=_view,
        codec=_PEOPLE,
        filters=filters,
    )


@router.post("/programs/{program_id}/enrolments", response_model=EnrolmentResult)
async def enrol(
    program_id: str,
    body: EnrolmentBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    store: Store,
    enrolment: Enrol,
    audit: Audit,
) -> EnrolmentResult:
    """Enrol people of the company directory: name, email, language, time zone, department
    and location come from the directory; role and seniority from the request (with a
    department and location for whoever the directory gives none); the rest the person
    fills in.
    Anyone already enrolled with the same profile is `unchanged`."""
    await access.admin_program(store, principal, program_id)
    terms = EnrolmentTerms(
        role=body.role,
        seniority_level=body.seniority_level,
        department=body.department,
        location=body.location,
    )
    unit = correlation_of(correlation)
    outcomes = await enrolment.enrol(program_id, body.person_ids, terms, unit)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("joined", "unchanged")}
    rejected = len(outcomes) - sum(counts.values())
    enrolled = [o.participant_id for o in outcomes if o.status == "joined"]
    await audit.record(
        principal,
        "participants.enrolled",
        program_id,
        unit=unit,
        changes={**counts, "rejected": rejected, "role": body.role},
        subjects=enrolled,
    )
    return EnrolmentResult(
        items=[
            RowOutcome(participant_id=o.participant_id, status=o.status, problems=o.problems)
            for o in outcomes
        ],
        rejected=rejected,
        **counts,
    )
