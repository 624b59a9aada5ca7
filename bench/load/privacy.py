"""Dead letters and personal data, checked at their sources after the run."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from bson import json_util
from pymongo.errors import AutoReconnect

from bench.load.driver import Driver
from bench.load.findings import Reconciliation
from bench.load.settle import Settler
from bench.load.wire import header, read_to_end
from bench.load.world import World

SERVICES = ("matching", "scheduling", "feedback", "notifications")


async def check_dead_letters(
    result: Reconciliation, world: World, poisons: list[Any], lag: dict[str, dict[str, int]]
) -> None:
    """Every poison message in the DLQ of every service that reads its topic, with its reason;
    nothing else dead-lettered (an outage must never send a good message there)."""
    letters = await read_to_end(world.bootstrap, world.dlq_topics())
    poison_keys = {p.key for p in poisons}
    found: dict[tuple[str, str, bytes], Any] = {}
    unexpected: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    for record in letters:
        service = header(record, "x-dlq-service") or "?"
        reason = header(record, "x-dlq-reason") or "?"
        by_reason[f"{service}:{reason}"] += 1
        source = header(record, "x-dlq-source-topic") or "?"
        if record.key in poison_keys:
            found[(service, source, record.key)] = record
        else:
            unexpected[f"{service}:{source}:{reason}:{header(record, 'x-dlq-error-type')}"] += 1
    readers = {service: set(topics) for service, topics in lag.items()}
    missing, wrong_reason, untruncated, unread = [], [], [], []
    for poison in poisons:
        services = [s for s in SERVICES if poison.topic in readers.get(s, set())]
        if not services:
            unread.append(poison.topic)
        for service in services:
            letter = found.get((service, poison.topic, poison.key))
            if letter is None:
                missing.append(f"{service}<-{poison.topic}:{poison.kind}")
            elif header(letter, "x-dlq-reason") != poison.expected_reason:
                wrong_reason.append(f"{service}<-{poison.topic}:{poison.kind}")
            elif poison.kind.startswith("oversized") and not header(letter, "x-dlq-truncated-from"):
                untruncated.append(f"{service}<-{poison.topic}")
    result.problem("dead_letters", "poison messages missing from a DLQ", missing)
    result.problem(
        "dead_letters", "poison messages dead-lettered with the wrong reason", wrong_reason
    )
    result.problem("dead_letters", "oversized poison kept untruncated", untruncated)
    result.problem("dead_letters", "messages dead-lettered that were not poison", list(unexpected))
    result.count(
        "dead_letters",
        {
            "by_service_and_reason": dict(sorted(by_reason.items())),
            "poison_injected": len(poisons),
            "poison_dead_lettered": len(found),
            "poison_on_topics_nobody_reads": sorted(set(unread)),
            "not_poison": dict(unexpected),
        },
    )


async def check_personal_data(result: Reconciliation, settler: Settler, driver: Driver) -> None:
    """Everyone kept has their data in every service that needs it; the erased have none left."""
    kept = [p for p in driver.people() if p.participant_id not in driver.erased]
    matching = {
        d["participant_id"]: d
        async for d in settler.db("matching")["participants"].find(
            {}, {"profile": 1, "participant_id": 1}
        )
    }
    contacts = {d["_id"]: d async for d in settler.db("notifications")["contacts"].find({})}
    availability = {
        d["_id"] async for d in settler.db("scheduling")["participants"].find({}, {"_id": 1})
    }
    lost = Counter[str]()
    for person in kept:
        profile = matching.get(person.participant_id, {}).get("profile") or {}
        if (
            profile.get("email") != person.email
            or profile.get("display_name") != person.display_name
        ):
            lost["matching profile"] += 1
        if contacts.get(person.participant_id, {}).get("email") != person.email:
            lost["notifications contact"] += 1
        if f"{person.program_id}/{person.participant_id}" not in availability:
            lost["scheduling availability"] += 1
    result.problem("personal_data", "personal data lost", [f"{k}: {n}" for k, n in lost.items()])
    erased = [p for p in driver.people() if p.participant_id in driver.erased]
    needles = [text for p in erased for text in (p.email, p.display_name)]
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    leftovers: Counter[str] = Counter()
    scanned = 0
    for service in SERVICES:
        db = settler.db(service)
        for name in await db.list_collection_names():
            async for doc in every_document(db[name]):
                scanned += 1
                if pattern is not None and pattern.search(json_util.dumps(doc)):
                    leftovers[f"{service}.{name}"] += 1
    result.problem(
        "personal_data",
        "personal data of erased people still stored",
        [f"{k}: {n}" for k, n in leftovers.items()],
    )
    result.count(
        "personal_data",
        {
            "people_kept": len(kept),
            "lost": dict(lost),
            "erased": len(erased),
            "documents_scanned_for_erased": scanned,
            "erased_leftovers": dict(leftovers),
        },
    )


async def every_document(collection: Any, page: int = 500) -> AsyncIterator[dict[str, Any]]:
    """Every document in _id order, a page at a time; a page whose read is cut off (the
    database briefly unreachable on a busy machine) is read again from where it stopped."""
    last: Any = None
    failures = 0
    while True:
        query = {} if last is None else {"_id": {"$gt": last}}
        try:
            found = await collection.find(query).sort("_id", 1).limit(page).to_list()
        except AutoReconnect:
            failures += 1
            if failures > 5:
                raise
            await asyncio.sleep(2.0)
            continue
        if not found:
            return
        for doc in found:
            yield doc
        last = found[-1]["_id"]
