"""Each program's enrolment rules: one document per program that has any."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from services.matching.domain.enrolment_rules import EnrolmentRule
from shared.storage.mongo import CollectionSpec, Document

ENROLMENT_RULES = "enrolment_rules"
ENROLMENT_RULES_SPEC = CollectionSpec(ENROLMENT_RULES)


def _rule(doc: Document) -> EnrolmentRule:
    return EnrolmentRule(
        role=str(doc["role"]),
        seniority_level=int(doc["seniority_level"]),
        department=doc.get("department"),
        location=doc.get("location"),
    )


def _document(rule: EnrolmentRule) -> dict[str, Any]:
    return {
        "role": rule.role,
        "seniority_level": rule.seniority_level,
        "department": rule.department,
        "location": rule.location,
    }


class MongoEnrolmentRules:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._rules = collection

    async def rules_of(self, program_id: str) -> list[EnrolmentRule]:
        doc = await self._rules.find_one({"_id": program_id})
        return [_rule(r) for r in doc["rules"]] if doc else []

    async def set_rules(self, program_id: str, rules: Sequence[EnrolmentRule]) -> None:
        if not rules:
            await self._rules.delete_one({"_id": program_id})
            return
        await self._rules.replace_one(
            {"_id": program_id}, {"rules": [_document(r) for r in rules]}, upsert=True
        )

    async def programs_with_rules(self) -> dict[str, list[EnrolmentRule]]:
        return {str(d["_id"]): [_rule(r) for r in d["rules"]] async for d in self._rules.find()}
