"""Invitations: an admin invites people of the company directory into a program, and each
person accepts (and joins, on the admin's terms) or declines in the portal. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.matching.domain.enrolment import EnrolmentTerms


class Answer(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class Invitation:
    program_id: str
    person_id: str
    terms: EnrolmentTerms
    invited_by: str
    invited_at: datetime
    answer: Answer = Answer.PENDING
    answered_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.answer is Answer.PENDING
