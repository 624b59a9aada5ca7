"""Where a reminder spent its time on the platform, read from the services' own records.

All services' clocks were set to the same moment when the reminder fell due, so the times
each service recorded (scheduling's timer claim, the event's creation, notifications' intake,
claim and outcome) read as seconds after that moment. A delivery's claim is a lease stamped in
real time, so it reads as seconds after the real moment the clocks were set. Used to say where a
slow reminder waited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def _after(moment: Any, due: datetime) -> str:
    return f"{(moment - due).total_seconds():.1f}" if isinstance(moment, datetime) else "-"


async def reminder_timeline(
    scheduling_db: Any, notifications_db: Any, program_id: str, due: datetime, due_real: datetime
) -> str:
    """One line: the program's reminder timer and deliveries, and what else fired alongside."""
    timers = scheduling_db["timers"]
    fired = [
        doc
        async for doc in timers.find(
            {"kind": "reminder", "program_id": program_id, "finished_at": {"$gte": due}}
        )
    ]
    others = await timers.count_documents(
        {"program_id": {"$ne": program_id}, "claimed_at": {"$gte": due}}
    )
    deliveries = [
        doc
        async for doc in notifications_db["deliveries"].find(
            {
                "program_id": program_id,
                "template": "session_reminder",
                "channel": "email",
                "created_at": {"$gte": due},
            }
        )
    ]
    waiting_sends = await notifications_db["deliveries"].count_documents(
        {"program_id": {"$ne": program_id}, "created_at": {"$gte": due}}
    )
    parts = [
        f"timer claimed +{_after(doc.get('claimed_at'), due)} s, "
        f"finished +{_after(doc.get('finished_at'), due)} s"
        for doc in fired
    ]
    parts += [
        f"delivery: event +{_after(doc.get('occurred_at'), due)} s, "
        f"recorded +{_after(doc.get('created_at'), due)} s, "
        f"claimed +{_after(doc.get('claimed_at'), due_real)} s (real time), "
        f"settled +{_after(doc.get('finished_at'), due)} s"
        for doc in deliveries
    ]
    parts.append(f"{others} timers of other programs claimed since")
    parts.append(f"{waiting_sends} deliveries of other programs recorded since")
    return "; ".join(parts)
