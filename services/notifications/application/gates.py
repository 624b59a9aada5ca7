"""Checks a delivery passes before it is written and sent: is it still needed on its own, is
its pair still on, and has its recipient had enough non-urgent email today?"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from services.notifications.application.messages import occasion_of
from services.notifications.application.ports import DeliveryStore, EndedPairs, SeriesLedger
from services.notifications.application.recipients import Recipient
from services.notifications.domain.model import Audience, Channel, DeliveryRecord, Priority
from services.notifications.domain.quiet_hours import start_of_local_day
from shared.clock import Clock

_ANNOUNCING = ("pair_introduction", "series_invitation")


class SendingGates:
    def __init__(
        self,
        *,
        deliveries: DeliveryStore,
        ledger: SeriesLedger | None,
        clock: Clock,
        cap: int,
        ended_pairs: EndedPairs | None = None,
    ) -> None:
        self._deliveries = deliveries
        self._ended_pairs = ended_pairs
        self._ledger = ledger
        self._clock = clock
        self._cap = cap

    async def carried_by_series(self, record: DeliveryRecord) -> bool:
        """An introduction's email is part of its pair's series invitation once there is one;
        a pair's end is told by its series' cancellation once that ended with the pair."""
        if self._ledger is None or record.channel is not Channel.EMAIL:
            return False
        if record.template not in ("pair_introduction", "pair_ended"):
            return False
        pair_id = occasion_of(record).facts.get("pair_id")
        if not isinstance(pair_id, str):
            return False
        if record.template == "pair_ended":
            return await self._ledger.ended(pair_id)
        return await self._ledger.known(pair_id)

    async def announces_an_ended_pair(
        self, record: DeliveryRecord, ended: AbstractSet[str] | None = None
    ) -> bool:
        """An introduction or series invitation still waiting (for its series, quiet hours,
        the partner's name) when its pair ended: sent now it would follow the end. `ended`:
        the ended pairs among a handful's, read once for all of them (`ended_among`)."""
        if self._ended_pairs is None or record.template not in _ANNOUNCING:
            return False
        pair_id = occasion_of(record).facts.get("pair_id")
        if not isinstance(pair_id, str):
            return False
        if ended is not None:
            return pair_id in ended
        return await self._ended_pairs.has_ended(pair_id)

    async def ended_among(self, records: Sequence[DeliveryRecord]) -> frozenset[str]:
        """The ended pairs among those these introductions and invitations announce."""
        if self._ended_pairs is None:
            return frozenset()
        pairs = {
            pair_id
            for r in records
            if r.template in _ANNOUNCING
            and isinstance(pair_id := occasion_of(r).facts.get("pair_id"), str)
        }
        return frozenset(await self._ended_pairs.ended_among(pairs)) if pairs else frozenset()

    async def over_daily_cap(self, record: DeliveryRecord, recipient: Recipient) -> bool:
        """Only non-urgent email to participants counts; digests are the overflow itself."""
        if self._cap <= 0 or record.channel is not Channel.EMAIL or record.item_ids:
            return False
        if record.audience is not Audience.PARTICIPANT or record.priority is Priority.HIGH:
            return False
        tz = recipient.preferences.timezone or recipient.timezone
        midnight = start_of_local_day(self._clock.now(), tz)
        return await self._deliveries.emails_sent_since(record.recipient_id, midnight) >= self._cap
