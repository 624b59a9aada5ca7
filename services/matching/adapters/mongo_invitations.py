"""Invitations into programs: one document per program and person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from services.matching.domain.enrolment import EnrolmentTerms
from services.matching.domain.invitations import Answer, Invitation
from shared.events import ParticipantInvited
from shared.storage.mongo import CollectionSpec, Document
from shared.storage.outbox import OUTBOX_FIELD, Outbox, outbox_entries

INVITATIONS = "invitations"
INVITATIONS_SPEC = CollectionSpec(
    INVITATIONS, [IndexModel([("person_id", ASCENDING), ("answer", ASCENDING)])]
)


def _key(program_id: str, person_id: str) -> str:
    return f"{program_id}|{person_id}"


def _document(invitation: Invitation) -> dict[str, Any]:
    terms = invitation.terms
    return {
        "program_id": invitation.program_id,
        "person_id": invitation.person_id,
        "role": terms.role,
        "seniority_level": terms.seniority_level,
        "department": terms.department,
        "location": terms.location,
        "invited_by": invitation.invited_by,
        "invited_at": invitation.invited_at,
        "answer": invitation.answer.value,
        "answered_at": invitation.answered_at,
    }


def _invitation(doc: Document) -> Invitation:
    return Invitation(
        program_id=str(doc["program_id"]),
        person_id=str(doc["person_id"]),
        terms=EnrolmentTerms(
            role=str(doc["role"]),
            seniority_level=int(doc["seniority_level"]),
            department=doc.get("department"),
            location=doc.get("location"),
        ),
        invited_by=str(doc["invited_by"]),
        invited_at=doc["invited_at"],
        answer=Answer(doc["answer"]),
        answered_at=doc.get("answered_at"),
    )


class MongoInvitations:
    def __init__(self, collection: AsyncCollection[Document], outbox: Outbox) -> None:
        self._invitations = collection
        self._outbox = outbox

    async def open_or_reopen(self, invitation: Invitation, announce: ParticipantInvited) -> bool:
        key = _key(invitation.program_id, invitation.person_id)
        try:
            result = await self._invitations.replace_one(
                {"_id": key, "answer": Answer.DECLINED.value},
                {**_document(invitation), OUTBOX_FIELD: outbox_entries([announce])},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # open or accepted already: the upsert met the stored one
        if not (result.upserted_id is not None or result.modified_count):
            return False
        await self._outbox.flush(self._invitations, key, [announce])
        return True

    async def get(self, program_id: str, person_id: str) -> Invitation | None:
        doc = await self._invitations.find_one({"_id": _key(program_id, person_id)})
        return _invitation(doc) if doc else None

    async def of_person(self, person_id: str, answers: Sequence[Answer]) -> list[Invitation]:
        cursor = self._invitations.find(
            {"person_id": person_id, "answer": {"$in": [a.value for a in answers]}}
        ).sort("invited_at", ASCENDING)
        return [_invitation(d) async for d in cursor]

    async def answer(self, invitation: Invitation, answer: Answer, at: datetime) -> bool:
        result = await self._invitations.update_one(
            {
                "_id": _key(invitation.program_id, invitation.person_id),
                "answer": Answer.PENDING.value,
            },
            {"$set": {"answer": answer.value, "answered_at": at}},
        )
        return result.modified_count == 1
