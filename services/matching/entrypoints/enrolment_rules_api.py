"""Enrolment rules: which of the company directory's people a program takes in by itself (a
department, a place), as the directory provisions them or they move there."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import Field, model_validator

from services.matching.domain.enrolment_rules import MAX_RULES, EnrolmentRule
from services.matching.entrypoints import access
from services.matching.entrypoints.dependencies import Audit, ByRule, Store
from services.matching.entrypoints.http_errors import MatchingRoute
from services.matching.entrypoints.request_parts import CorrelationHeader, correlation_of
from services.matching.entrypoints.schemas import Strict
from shared.http.auth import CurrentPrincipal
from shared.http.error_docs import error_responses
from shared.http.strict_body import strict_json

UnitName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"\S")]


class RuleIn(Strict):
    department: UnitName | None = Field(
        default=None, description="People of this department (case-insensitive)"
    )
    location: UnitName | None = Field(
        default=None, description="People working here (case-insensitive)"
    )
    role: Literal["junior", "senior"]
    seniority_level: Annotated[int, Field(ge=1, le=10)]

    @model_validator(mode="after")
    def _names_a_unit(self) -> RuleIn:
        if not (self.department or self.location):
            raise ValueError("a rule names a department, a location or both")
        return self


class RulesIn(Strict):
    rules: Annotated[list[RuleIn], Field(max_length=MAX_RULES)] = Field(
        description="In order: someone two rules admit joins on the first one's terms; "
        "an empty list stops enrolling by rule"
    )


class RulesOut(Strict):
    rules: list[RuleIn]
    joined: int = Field(
        default=0, description="People the rules enrolled when they were set (PUT only)"
    )


RulesBody = Annotated[RulesIn, strict_json(RulesIn)]


def _view(rule: EnrolmentRule) -> RuleIn:
    return RuleIn(
        department=rule.department,
        location=rule.location,
        role=rule.role,  # type: ignore[arg-type]
        seniority_level=rule.seniority_level,
    )


router = APIRouter(
    tags=["enrolment"],
    responses=error_responses(401, 403, 404, 422),
    route_class=MatchingRoute,
)


@router.get("/programs/{program_id}/enrolment-rules", response_model=RulesOut)
async def enrolment_rules(
    program_id: str, principal: CurrentPrincipal, store: Store, by_rule: ByRule
) -> RulesOut:
    """The program's enrolment rules (its admins)."""
    await access.admin_program(store, principal, program_id)
    return RulesOut(rules=[_view(r) for r in await by_rule.rules.rules_of(program_id)])


@router.put("/programs/{program_id}/enrolment-rules", response_model=RulesOut)
async def set_enrolment_rules(
    program_id: str,
    body: RulesBody,
    principal: CurrentPrincipal,
    correlation: CorrelationHeader,
    store: Store,
    by_rule: ByRule,
    audit: Audit,
) -> RulesOut:
    """Replace the program's enrolment rules and enrol, at once, the directory's people they
    admit; from then on each person the directory provisions or moves into a rule's
    department or place joins too. Someone who is or was in the program is never joined
    again by a rule. Name, email, language, time zone, department and location come from
    the directory, as in an admin's enrolment."""
    await access.admin_program(store, principal, program_id)
    rules = [
        EnrolmentRule(
            role=r.role,
            seniority_level=r.seniority_level,
            department=r.department.strip() if r.department else None,
            location=r.location.strip() if r.location else None,
        )
        for r in body.rules
    ]
    unit = correlation_of(correlation)
    joins = await by_rule.set_rules(program_id, rules, unit)
    await audit.record(
        principal,
        "enrolment_rules.changed",
        program_id,
        unit=unit,
        changes={"rules": len(rules), "joined": len(joins.person_ids)},
        subjects=joins.person_ids,
    )
    return RulesOut(rules=[_view(r) for r in rules], joined=len(joins.person_ids))
