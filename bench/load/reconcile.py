"""After the run: count at the sources of truth and list every promise that did not hold.

Sources: the topics read from the beginning with a raw consumer, each service's collections,
the SMTP server's own count, the dead-letter topics and the consumer groups' committed offsets.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from bench.load.driver import Driver
from bench.load.findings import Reconciliation
from bench.load.lag import lag_by_group, total
from bench.load.mailbox import CountingMailbox
from bench.load.privacy import check_dead_letters, check_personal_data
from bench.load.settle import Settler
from bench.load.wire import read_to_end
from bench.load.wire_counts import WireCounts, count_wire, effect_duplicates
from bench.load.world import World
from shared.events import derive_key

PARTICIPANT_NOTICES = {
    "ParticipantJoined": lambda e: [e.participant.participant_id],
    "PairCreated": lambda e: [e.junior_id, e.senior_id],
    "PairEnded": lambda e: [e.junior_id, e.senior_id],
    # A booked session is announced through its pair's calendar series, not on its own.
    "SessionSeriesPlanned": lambda e: [e.junior_id, e.senior_id],
    "SessionSeriesChanged": lambda e: [e.junior_id, e.senior_id],
    "SessionReminderDue": lambda e: [e.junior_id, e.senior_id],
    "SessionMissed": lambda e: [e.junior_id, e.senior_id],
    "FeedbackRequested": lambda e: [e.participant_id],
}
"""Events that notify participants, and whom: each gets an inbox and an email delivery."""


async def reconcile(
    world: World, driver: Driver, settler: Settler, poisons: list[Any], now: datetime
) -> Reconciliation:
    result = Reconciliation()
    wire = count_wire(await read_to_end(world.bootstrap, world.stream_topics()))
    result.count("events_by_type", dict(sorted(wire.events_by_type.items())))
    result.count("wire_duplicates_by_type", wire.wire_duplicates_by_type)
    result.count("injected_records", dict(wire.injected))
    result.problem("wire", "undecodable events published by services", wire.undecodable)
    result.problem("wire", "event ids reused for other content", wire.same_id_different_content)
    await _matching(result, settler, driver)
    await _scheduling(result, settler, wire)
    await _feedback(result, settler, wire, driver)
    await _emails(result, settler, wire, driver, world.mailbox)
    lag = await lag_by_group(world)
    result.count("final_consumer_lag", total(lag))
    result.problem("consumers", "consumer groups with lag", [s for s, n in total(lag).items() if n])
    left = await settler.work_left(now, final=True)
    result.count("work_left_at_end", left)
    undone = [k for k, v in left.items() if v and k != "deliveries_open"]
    if left.get("deliveries_open"):
        # Each open delivery by what it waits for, so a failure says which wait did not end.
        undone += [f"delivery {d}" for d in await settler.open_deliveries(now)]
    result.problem("consumers", "work left undone at the end", undone)
    await check_dead_letters(result, world, poisons, lag)
    await check_personal_data(result, settler, driver)
    return result


async def _matching(result: Reconciliation, settler: Settler, driver: Driver) -> None:
    db = settler.db("matching")
    docs = {d["participant_id"]: d async for d in db["participants"].find({}, {"_outbox": 0})}
    people = driver.people()
    result.problem(
        "personal_data",
        "participants lost by matching",
        [p.participant_id for p in people if p.participant_id not in docs],
    )
    paired: set[str] = set()
    async for pair in db["pairs"].find({"status": {"$in": ["active", "ended"]}}):
        paired.update((pair["junior_id"], pair["senior_id"]))
    explained: dict[str, str] = {}
    async for round_doc in db["rounds"].find({"dry_run": False}):
        for row in round_doc.get("unmatched", []):
            explained.setdefault(row["participant_id"], row["reason"])
    active = [p.participant_id for p in people if p.participant_id not in driver.erased]
    unexplained = [pid for pid in active if pid not in paired and pid not in explained]
    result.count(
        "participants",
        {
            "joined": len(people),
            "matched": len([pid for pid in active if pid in paired]),
            "unmatched_explained": dict(
                Counter(explained[p] for p in active if p not in paired and p in explained)
            ),
            "unexplained": len(unexplained),
            "erased": len(driver.erased),
        },
    )
    result.problem("matching", "participants neither matched nor explained", unexplained)


async def _scheduling(result: Reconciliation, settler: Settler, wire: WireCounts) -> None:
    db = settler.db("scheduling")
    series = {d["_id"]: d async for d in db["series"].find({}, {"_outbox": 0})}
    created = {e.pair_id for e in wire.of_type("PairCreated")}
    result.problem("scheduling", "pairs without a series", created - set(series))
    scheduled = wire.of_type("SessionScheduled")
    twice = effect_duplicates(
        scheduled, lambda e: (e.pair_id, e.series_index), lambda e: e.session_id
    )
    result.problem("scheduling", "sessions of a series scheduled twice (effect duplicates)", twice)
    by_session = effect_duplicates(scheduled, lambda e: e.session_id, lambda e: e.event_id)
    result.problem("scheduling", "sessions announced under two event ids", by_session)
    sessions_of: dict[str, set[str]] = {}
    length_of: dict[str, int] = {}
    for event in scheduled:
        sessions_of.setdefault(event.pair_id, set()).add(event.session_id)
        length_of[event.pair_id] = event.series_length
    short = [p for p, ids in sessions_of.items() if len(ids) != length_of[p]]
    result.problem("scheduling", "series whose scheduled sessions differ from their length", short)
    statuses = Counter(d["status"] for d in series.values())
    timers: Counter[str] = Counter()
    async for timer in db["timers"].find({}, {"kind": 1, "status": 1}):
        timers[f"{timer['kind']}:{timer['status']}"] += 1
    result.count(
        "scheduling",
        {
            "pairs_created": len(created),
            "series_by_status": dict(statuses),
            "sessions_scheduled": len({e.session_id for e in scheduled}),
            "timers": dict(sorted(timers.items())),
        },
    )
    fired = set()
    async for timer in db["timers"].find(
        {"kind": "reminder", "status": "fired"}, {"session_id": 1}
    ):
        fired.add(timer["session_id"])
    reminders = wire.of_type("SessionReminderDue")
    result.problem(
        "reminders", "fired reminders never published", fired - {e.session_id for e in reminders}
    )
    result.problem(
        "reminders",
        "sessions reminded twice (effect duplicates)",
        effect_duplicates(reminders, lambda e: (e.session_id, e.start), lambda e: e.event_id),
    )
    missed = wire.of_type("SessionMissed")
    result.problem(
        "reminders",
        "sessions missed twice (effect duplicates)",
        effect_duplicates(missed, lambda e: e.session_id, lambda e: e.event_id),
    )


async def _feedback(
    result: Reconciliation, settler: Settler, wire: WireCounts, driver: Driver
) -> None:
    requested = [e for e in wire.of_type("FeedbackRequested") if not e.is_nudge]
    nudges = [e for e in wire.of_type("FeedbackRequested") if e.is_nudge]
    result.problem(
        "feedback",
        "feedback requested twice for one session and person (effect duplicates)",
        effect_duplicates(
            requested, lambda e: (e.session_id, e.participant_id), lambda e: e.request_id
        ),
    )
    result.problem(
        "feedback",
        "feedback requests announced under two event ids",
        effect_duplicates(requested, lambda e: e.request_id, lambda e: e.event_id),
    )
    result.problem(
        "feedback",
        "requests nudged twice",
        effect_duplicates(nudges, lambda e: e.request_id, lambda e: e.event_id),
    )
    asked = {(e.session_id, e.participant_id) for e in requested}
    expected = {
        (e.session_id, person)
        for e in wire.of_type("SessionCompleted")
        for person, came in ((e.junior_id, e.attended_junior), (e.senior_id, e.attended_senior))
        if came and person not in driver.erased
    }
    result.problem(
        "feedback", "completed sessions whose feedback was never requested", expected - asked
    )
    stored = await settler.db("feedback")["feedback_requests"].count_documents({})
    submitted = {e.request_id for e in wire.of_type("FeedbackSubmitted")}
    accepted = {r for r in driver.answered if r in driver.accepted_answers}
    result.problem("feedback", "accepted answers never published", accepted - submitted)
    result.count(
        "feedback",
        {
            "requests": len({e.request_id for e in requested}),
            "requests_stored": stored,
            "nudges": len(nudges),
            "answers_accepted": len(accepted),
            "answers_published": len(submitted),
            "sessions_completed": len({e.session_id for e in wire.of_type("SessionCompleted")}),
            "sessions_missed": len({e.session_id for e in wire.of_type("SessionMissed")}),
        },
    )


async def _emails(
    result: Reconciliation,
    settler: Settler,
    wire: WireCounts,
    driver: Driver,
    mailbox: CountingMailbox,
) -> None:
    deliveries = {
        d["_id"]: d
        async for d in settler.db("notifications")["deliveries"].find(
            {}, {"status": 1, "channel": 1, "resumed": 1, "last_error": 1, "template": 1}
        )
    }
    expected: set[str] = set()
    for event_type, recipients in PARTICIPANT_NOTICES.items():
        for event in wire.of_type(event_type):
            for person in recipients(event):
                if person not in driver.erased:
                    expected.update(
                        derive_key(event.event_id, f"{person}:{ch}") for ch in ("email", "inbox")
                    )
    result.problem("emails", "notifications never planned (lost)", expected - set(deliveries))
    received = mailbox.snapshot()
    by_id = Counter(m.message_id.strip("<>").split("@", 1)[0] for m in received)
    sent = {i for i, d in deliveries.items() if d["channel"] == "email" and d["status"] == "sent"}
    result.problem("emails", "emails recorded as sent but never received", sent - set(by_id))
    result.problem(
        "emails", "emails received without a delivery record", set(by_id) - set(deliveries)
    )
    failed = {
        i: d.get("last_error") or "unknown"
        for i, d in deliveries.items()
        if d["channel"] == "email" and d["status"] == "failed"
    }
    # A send given up (say, once crash recovery found it unconfirmed twice) reached nobody.
    result.problem("emails", "emails failed and never received (lost)", set(failed) - set(by_id))
    twice = {i: n for i, n in by_id.items() if n > 1}
    unexplained = [i for i in twice if not deliveries.get(i, {}).get("resumed")]
    result.problem("emails", "emails received twice (effect duplicates)", unexplained)
    result.problem(
        "emails", "emails received more than twice", [i for i, n in twice.items() if n > 2]
    )
    statuses = Counter(f"{d['channel']}:{d['status']}" for d in deliveries.values())
    skipped = Counter(
        d["template"]
        for d in deliveries.values()
        if d["channel"] == "email" and d["status"] == "skipped"
    )
    result.count(
        "emails",
        {
            "received_at_smtp": len(received),
            "distinct_message_ids": len(by_id),
            "received_twice_after_interrupted_send": len(twice) - len(unexplained),
            "deliveries_by_channel_status": dict(sorted(statuses.items())),
            "emails_skipped_by_template": dict(skipped),
            "emails_failed_by_error": dict(Counter(failed.values())),
            "templates": dict(Counter(m.template for m in received).most_common()),
        },
    )
