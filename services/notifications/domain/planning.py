"""Who hears about an occasion, and on which channels."""

from __future__ import annotations

from collections.abc import Mapping, Set

from services.notifications.domain.model import (
    Audience,
    Channel,
    Contact,
    Occasion,
    PlannedDelivery,
    Preferences,
    ProgramProfile,
)

CHAT_SAFE_TEMPLATES: frozenset[str] = frozenset(
    {
        "pair_introduction",
        "series_invitation",
        "series_cancelled",
        "session_rescheduled",
        "session_cancelled",
        "session_reminder",
        "feedback_requested",
    }
)
"""Participant messages that may be announced in the program's shared chat channel: they only
say that something is waiting, never how a pair is doing."""

DEFAULT_PREFERENCES = Preferences()


def channel_recipient_id(program_id: str) -> str:
    return f"channel:{program_id}"


def plan_deliveries(
    occasion: Occasion,
    *,
    program: ProgramProfile | None,
    participants: Mapping[str, Contact],
    admins: Mapping[str, Contact],
    erased: Set[str],
    preferences: Mapping[str, Preferences],
) -> list[PlannedDelivery]:
    """One entry per (recipient, channel).

    A participant not yet in the directory (their ParticipantJoined is still queued behind
    this event) gets the default channels; the send-time policy re-checks everything.
    """
    planned: list[PlannedDelivery] = []
    webhook = program.chat_webhook_url if program is not None else None
    for participant_id in dict.fromkeys(occasion.participants):
        if participant_id in erased:
            continue
        prefs = preferences.get(participant_id, DEFAULT_PREFERENCES)
        contact = participants.get(participant_id)
        channels = [Channel.INBOX, Channel.EMAIL]
        if (
            contact is not None
            and contact.chat_handle
            and webhook
            and occasion.template in CHAT_SAFE_TEMPLATES
        ):
            channels.append(Channel.CHAT)
        planned.extend(
            PlannedDelivery(participant_id, Audience.PARTICIPANT, channel)
            for channel in channels
            if prefs.allows(channel)
        )
    if occasion.to_admins and program is not None:
        for admin_id in dict.fromkeys(program.admin_recipient_ids):
            prefs = preferences.get(admin_id, DEFAULT_PREFERENCES)
            channels = [Channel.INBOX]
            # Admins register their email through the admin-contacts API; without it they still
            # see every alert in the app.
            if admin_id in admins:
                channels.append(Channel.EMAIL)
            planned.extend(
                PlannedDelivery(admin_id, Audience.ADMIN, channel)
                for channel in channels
                if prefs.allows(channel)
            )
    if occasion.to_program_channel and webhook:
        planned.append(
            PlannedDelivery(
                channel_recipient_id(occasion.program_id), Audience.PROGRAM_CHANNEL, Channel.CHAT
            )
        )
    return planned
