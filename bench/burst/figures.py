"""The burst's figures from the captured mail: emails per person against what each person
should receive (a welcome, and per new pair one email: the series invitation, or the
introduction when the pair could not be scheduled), totals by kind, and the captured mail
against what notifications recorded as sent."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bench.burst.invitations import PairPeople
from bench.burst.watch import Mail

WELCOME, INVITATION, INTRODUCTION = "welcome", "series_invitation", "pair_introduction"


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    """Each pair's people (by address) and what scheduling made of the pair."""

    pairs: Mapping[str, PairPeople]
    planned: frozenset[str]
    unschedulable: frozenset[str]

    def expected(self, address: str) -> Counter[str]:
        expected = Counter({WELCOME: 1})
        for pair in self.pairs.values():
            if address in pair.addresses:
                kind = INTRODUCTION if pair.pair_id in self.unschedulable else INVITATION
                expected[kind] += 1
        return expected


def pair_people(
    pairs: Iterable[Mapping[str, Any]], emails: Mapping[str, str]
) -> dict[str, PairPeople]:
    """The round's pairs with their people's addresses (participant id -> email)."""
    return {
        str(p["pair_id"]): PairPeople(
            str(p["pair_id"]),
            frozenset({emails[str(p["junior_id"])].lower(), emails[str(p["senior_id"])].lower()}),
        )
        for p in pairs
    }


def per_person_lines(
    everyone: Iterable[str], mails: list[Mail], outcome: RoundOutcome
) -> list[str]:
    addresses = sorted({address.lower() for address in everyone})
    received: dict[str, Counter[str]] = {address: Counter() for address in addresses}
    for mail in mails:
        if mail.to.lower() in received:
            received[mail.to.lower()][mail.template] += 1
    counts = [sum(kinds.values()) for kinds in received.values()]
    exact = [a for a in addresses if received[a] == outcome.expected(a)]
    all_planned = [a for a in addresses if INTRODUCTION not in outcome.expected(a)]
    exact_planned = [a for a in exact if a in set(all_planned)]
    by_kind = Counter(mail.template for mail in mails if mail.to.lower() in received)
    spread = sorted(Counter(counts).items())
    off = Counter(
        _difference(received[a], outcome.expected(a)) for a in addresses if a not in set(exact)
    )
    lines = [
        f"emails per person: min {min(counts)}, median {statistics.median(counts):g}, "
        f"max {max(counts)}, mean {statistics.fmean(counts):.2f} over {len(counts)} people "
        f"(people by count: {', '.join(f'{n}: {k}' for n, k in spread)})",
        f"exactly a welcome + one invitation per new pair: {len(exact_planned)} of the "
        f"{len(all_planned)} people whose pairs were all scheduled; exactly as expected "
        f"(an introduction for an unschedulable pair): {len(exact)}/{len(addresses)}",
        f"emails by kind: total {sum(by_kind.values())} {dict(sorted(by_kind.items()))}",
    ]
    if off:
        lines.append(f"people off what they should get, by difference: {dict(off.most_common(8))}")
    return lines


def recorded_lines(
    mails: list[Mail], domain: str, recorded: Mapping[tuple[str, str], int]
) -> list[str]:
    """The captured mail against notifications' email deliveries (template, status) -> count."""
    captured = Counter(m.template for m in mails if m.to.lower().endswith(domain))
    sent = Counter({template: n for (template, status), n in recorded.items() if status == "sent"})
    others = {f"{t}/{s}": n for (t, s), n in sorted(recorded.items()) if s != "sent"}
    verdict = "agree" if captured == sent else "DIFFER"
    return [
        f"captured {dict(sorted(captured.items()))} and recorded as sent "
        f"{dict(sorted(sent.items()))} {verdict}; other email deliveries: {others or 'none'}"
    ]


def _difference(got: Counter[str], expected: Counter[str]) -> str:
    kinds = sorted(set(got) | set(expected))
    return " ".join(f"{k}{got[k] - expected[k]:+d}" for k in kinds if got[k] != expected[k])
