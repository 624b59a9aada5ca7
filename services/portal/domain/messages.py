"""A failure as a readable message in the person's language."""

from __future__ import annotations

from dataclasses import dataclass

from services.portal.domain.failures import Invalid, PortalError, Problem
from services.portal.domain.texts import translate


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    text: str
    problems: tuple[Problem, ...] = ()
    service: str | None = None


def describe(failure: PortalError, locale: str) -> Message:
    service_name = translate(locale, f"service.{failure.service}") if failure.service else "Twoway"
    text = translate(
        locale,
        failure.text_key,
        service=service_name,
        code=(failure.code or "").replace("_", " "),
    )
    problems = tuple(failure.problems) if isinstance(failure, Invalid) else ()
    return Message(
        title=translate(locale, "error.title"),
        text=text,
        problems=problems,
        service=failure.service,
    )
