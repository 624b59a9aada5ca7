"""An event -> its delivery records, each message rendered and sent, outcomes and audit events.

Sending happens inline (the service hands it to a background loop), and an event's messages
go out concurrently, as the service's dispatcher sends a batch concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import aiosmtplib

from bench.pipeline.bare import Db, Publisher
from services.notifications.adapters.mongo_collections import DELIVERIES, collection_specs
from services.notifications.adapters.mongo_contacts import MongoContacts
from services.notifications.adapters.mongo_delivery_documents import to_document
from services.notifications.adapters.mongo_inbox import MongoInbox
from services.notifications.adapters.mongo_preferences import MongoPreferences
from services.notifications.adapters.mongo_programs import MongoPrograms
from services.notifications.adapters.smtp_email import SmtpConfig, build_message
from services.notifications.application.audit import notification_sent
from services.notifications.application.intake import delivery_id
from services.notifications.application.occasions import occasion_for
from services.notifications.application.recipients import Recipient, compose_facts
from services.notifications.domain.model import (
    Channel,
    DeliveryRecord,
    InboxItem,
    Occasion,
    OutgoingEmail,
    Preferences,
    ProgramProfile,
    SourceRef,
    Status,
)
from services.notifications.domain.planning import plan_deliveries
from services.notifications.domain.rendering import choose_locale, render
from shared.events import Event, decode_event

APP_URL = "http://localhost:8080"


class NotificationSender:
    collections = collection_specs(finished_retention=timedelta(days=30))

    def __init__(self, db: Db, publisher: Publisher, smtp_port: int) -> None:
        self._deliveries = db[DELIVERIES]
        self._programs, self._contacts = MongoPrograms(db), MongoContacts(db)
        self._preferences, self._inbox = MongoPreferences(db), MongoInbox(db)
        self._publisher = publisher
        self._smtp = SmtpConfig(
            host="127.0.0.1",
            port=smtp_port,
            security="none",
            from_address="twoway@example.com",
            from_name="Twoway",
        )

    async def handle(self, values: Sequence[bytes]) -> None:
        for value in values:
            event = decode_event(value)
            occasion = occasion_for(event)
            if occasion is not None:
                await self._notify([(event, occasion)])

    async def handle_batch(self, values: Sequence[bytes]) -> None:
        """The whole batch: programs, contacts and preferences read once, one insert of every
        delivery, every message sent concurrently, one update of their outcomes."""
        caused = [(e, o) for e in map(decode_event, values) if (o := occasion_for(e)) is not None]
        if caused:
            await self._notify(caused)

    async def _notify(self, caused: Sequence[tuple[Event, Occasion]]) -> None:
        now = datetime.now(UTC)
        programs = {p: await self._programs.get(p) for p in {e.program_id for e, _ in caused}}
        people = sorted({p for _, o in caused for p in o.participants})
        contacts, erased = await self._contacts.get_many(people)
        preferences = await self._preferences.get_many(people)
        names = {pid: c.display_name for pid, c in contacts.items()}
        work = []
        for event, occasion in caused:
            planned = plan_deliveries(
                occasion,
                program=programs[event.program_id],
                participants={p: contacts[p] for p in occasion.participants if p in contacts},
                admins={},
                erased=erased,
                preferences=preferences,
            )
            cause = event.model_dump_json()
            work += [
                (
                    DeliveryRecord(
                        delivery_id=delivery_id(event.event_id, p.recipient_id, p.channel),
                        cause_event_id=event.event_id,
                        event_type=event.event_type,
                        program_id=event.program_id,
                        correlation_id=event.correlation_id,
                        occurred_at=event.occurred_at,
                        recipient_id=p.recipient_id,
                        audience=p.audience,
                        channel=p.channel,
                        template=occasion.template,
                        priority=occasion.priority,
                        status=Status.PENDING,
                        not_before=now,
                        created_at=now,
                        source=SourceRef(topic="bench"),
                        cause=cause,
                        expires_at=occasion.expires_at,
                    ),
                    occasion,
                    programs[event.program_id],
                )
                for p in planned
            ]
        if not work:
            return
        records = [record for record, _, _ in work]
        await self._deliveries.insert_many([to_document(r) for r in records], ordered=False)
        await asyncio.gather(
            *(self._send(r, o, p, contacts, preferences, names) for r, o, p in work)
        )
        sent = [notification_sent(r, attempts=1, now=datetime.now(UTC)) for r in records]
        await self._deliveries.update_many(
            {"_id": {"$in": [r.delivery_id for r in records]}},
            {
                "$set": {"status": "sent", "attempts": 1, "finished_at": datetime.now(UTC)},
                "$unset": {"cause": ""},
            },
        )
        await self._publisher.publish(sent)

    async def _send(
        self,
        record: DeliveryRecord,
        occasion: Occasion,
        program: ProgramProfile | None,
        contacts: dict,
        preferences: dict,
        names: dict[str, str],
    ) -> None:
        contact = contacts.get(record.recipient_id)
        prefs = preferences.get(record.recipient_id, Preferences())
        recipient = Recipient(
            contact=contact,
            erased=False,
            preferences=prefs,
            locale=choose_locale(
                contact.locale if contact else None,
                contact.languages if contact else (),
                program.locales if program else (),
            ),
            timezone=prefs.timezone or (contact.timezone if contact else None),
            address=(contact.email if contact else None)
            if record.channel is Channel.EMAIL
            else record.recipient_id,
        )
        facts = compose_facts(record, occasion, recipient, program, names, app_url=APP_URL)
        rendered = render(
            record.template, recipient.locale, facts, timezone=recipient.timezone, personal=True
        )
        if record.channel is Channel.INBOX:
            await self._inbox.add(
                InboxItem(
                    item_id=record.delivery_id,
                    recipient_id=record.recipient_id,
                    program_id=record.program_id,
                    template=record.template,
                    locale=recipient.locale,
                    subject=rendered.subject,
                    body=rendered.body,
                    created_at=record.created_at,
                )
            )
            return
        assert recipient.address is not None
        message = build_message(
            OutgoingEmail(
                to_address=recipient.address,
                to_name=contact.display_name if contact else None,
                subject=rendered.subject,
                body=rendered.body,
                reference=record.delivery_id,
                attachment=occasion.attachment,
                headers={"X-Twoway-Template": record.template},
            ),
            self._smtp,
            now=datetime.now(UTC),
        )
        await aiosmtplib.send(
            message,
            hostname=self._smtp.host,
            port=self._smtp.port,
            use_tls=False,
            start_tls=False,
            timeout=20.0,
        )
