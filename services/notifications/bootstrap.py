"""Composition root of the notifications service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.notifications.adapters.chat_webhook import WebhookChatSender
from services.notifications.adapters.kafka_dead_letters import KafkaDeadLetters
from services.notifications.adapters.mongo_collections import OUTBOX_COLLECTIONS, collection_specs
from services.notifications.adapters.mongo_contacts import MongoAdminContacts, MongoContacts
from services.notifications.adapters.mongo_deliveries import MongoDeliveries
from services.notifications.adapters.mongo_ended_pairs import MongoEndedPairs
from services.notifications.adapters.mongo_inbox import MongoInbox
from services.notifications.adapters.mongo_inbox_pages import INBOX_PAGE_SPEC, MongoInboxPages
from services.notifications.adapters.mongo_leavers import MongoLeavers
from services.notifications.adapters.mongo_preferences import MongoPreferences
from services.notifications.adapters.mongo_programs import MongoPrograms
from services.notifications.adapters.mongo_series_ledger import MongoSeriesLedger
from services.notifications.adapters.prometheus_metrics import PrometheusDeliveryMetrics
from services.notifications.adapters.smtp_email import SmtpConfig, SmtpEmailSender
from services.notifications.application.admin_contacts import AdminContactBook
from services.notifications.application.delivery_loop import DeliveryLoop, Wakeup
from services.notifications.application.digests import DigestAssembler
from services.notifications.application.directory import Directory
from services.notifications.application.dispatch import Dispatcher, DispatchOptions
from services.notifications.application.intake import Intake
from services.notifications.application.leavers import Leavers
from services.notifications.application.messages import MessageWriter
from services.notifications.application.pacing import RateLimiter
from services.notifications.application.recipients import RecipientResolver
from services.notifications.domain.model import Channel, Preferences, QuietHours
from services.notifications.domain.pacing import Backoff
from services.notifications.entrypoints.api import STATE_NAME, NotificationsApi, router
from services.notifications.entrypoints.audit_api import router as audit_router
from services.notifications.entrypoints.reminder_lane import register_reminder_lane
from services.notifications.entrypoints.subscribers import register_subscribers
from services.notifications.settings import NotificationSettings
from shared.clock import Clock, SystemClock
from shared.runtime import build_app, build_runtime
from shared.storage.audit import AUDIT, AUDIT_SPEC, AuditTrail


def smtp_config(settings: NotificationSettings) -> SmtpConfig:
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        from_address=settings.smtp_from_address,
        from_name=settings.smtp_from_name,
        username=settings.smtp_username,
        password=settings.smtp_password_value(),
        timeout_seconds=settings.smtp_timeout_seconds,
    )


def create_app(settings: NotificationSettings | None = None, clock: Clock | None = None) -> Any:
    settings = settings or NotificationSettings()
    runtime = build_runtime(
        settings,
        collections=[
            *collection_specs(finished_retention=timedelta(days=settings.finished_retention_days)),
            INBOX_PAGE_SPEC,
            AUDIT_SPEC,
        ],
        outbox_collections=OUTBOX_COLLECTIONS,
        clock=clock,
    )
    db, clock = runtime.db, runtime.clock
    programs, contacts = MongoPrograms(db), MongoContacts(db)
    admins, preferences = MongoAdminContacts(db), MongoPreferences(db)
    inbox, deliveries = MongoInbox(db), MongoDeliveries(db, runtime.outbox)
    ledger, ended_pairs = MongoSeriesLedger(db), MongoEndedPairs(db)
    trail = AuditTrail(db[AUDIT])
    metrics = PrometheusDeliveryMetrics(runtime.metrics)
    defaults = Preferences(
        quiet_hours=QuietHours(settings.default_quiet_start, settings.default_quiet_end)
    )
    wakeup = Wakeup()
    leavers = Leavers(
        records=MongoLeavers(db),
        deliveries=deliveries,
        clock=clock,
        on_cancelled=metrics.leaver_deliveries_cancelled,
        contacts=contacts,
    )
    directory = Directory(
        programs=programs,
        contacts=contacts,
        preferences=preferences,
        inbox=inbox,
        deliveries=deliveries,
        clock=clock,
        audit=trail,
    )
    intake = Intake(
        directory=directory,
        programs=programs,
        contacts=contacts,
        admins=admins,
        preferences=preferences,
        deliveries=deliveries,
        clock=clock,
        hand_over=wakeup,
        ledger=ledger,
        introduction_wait=timedelta(seconds=settings.introduction_wait_seconds),
        ended_pairs=ended_pairs,
        on_late=metrics.dropped_after_pair_end,
        leavers=leavers,
        on_leaver_spared=metrics.leaver_spared,
        lease_clock=SystemClock(),
    )
    resolver = RecipientResolver(
        contacts=contacts, admins=admins, preferences=preferences, default_preferences=defaults
    )
    dispatcher = Dispatcher(
        deliveries=deliveries,
        programs=programs,
        resolver=resolver,
        writer=MessageWriter(
            deliveries=deliveries,
            resolver=resolver,
            app_url=settings.app_base_url,
            organizer=settings.calendar_organizer,
            partner_wait=timedelta(seconds=settings.partner_wait_seconds),
            now=clock.now,
            on_fallback=metrics.name_fallback,
        ),
        ledger=ledger,
        ended_pairs=ended_pairs,
        leavers=leavers,
        lease_clock=SystemClock(),
        inbox=inbox,
        email=SmtpEmailSender(smtp_config(settings)),
        chat=WebhookChatSender(
            timeout_seconds=settings.chat_timeout_seconds,
            require_https=settings.chat_require_https,
        ),
        dead_letters=KafkaDeadLetters(runtime.dead_letters),
        metrics=metrics,
        clock=clock,
        backoff=Backoff(
            max_attempts=settings.delivery_max_attempts,
            base_seconds=settings.delivery_base_delay_seconds,
            max_seconds=settings.delivery_max_delay_seconds,
        ),
        limits={
            Channel.EMAIL: RateLimiter(settings.email_rate_per_second, settings.email_burst),
            Channel.CHAT: RateLimiter(settings.chat_rate_per_second, settings.chat_burst),
        },
        options=DispatchOptions(
            max_event_age=timedelta(hours=settings.max_event_age_hours),
            batch=settings.dispatch_batch,
            concurrency=settings.dispatch_concurrency,
            claim_timeout=timedelta(seconds=settings.claim_timeout_seconds),
            daily_email_cap=settings.daily_email_cap,
            contact_wait=timedelta(seconds=settings.partner_wait_seconds),
        ),
    )
    loop = DeliveryLoop(
        dispatcher=dispatcher,
        assembler=DigestAssembler(deliveries=deliveries, clock=clock, wake=wakeup),
        wakeup=wakeup,
        interval_seconds=settings.dispatch_interval_seconds,
        housekeeping_seconds=settings.housekeeping_interval_seconds,
        batch=settings.dispatch_batch,
        turn=settings.dispatch_concurrency,
        senders=settings.dispatch_senders,
    )
    runtime.background.append(loop.run_forever)
    register_subscribers(runtime, intake)
    register_reminder_lane(runtime, intake)
    api = NotificationsApi(
        inbox=inbox,
        inbox_pages=MongoInboxPages(db),
        preferences=preferences,
        default_preferences=defaults,
        programs=programs,
        admin_contacts=AdminContactBook(admins=admins, trail=trail, clock=clock),
        audit=trail,
        clock=clock,
    )
    return build_app(
        runtime,
        title="Twoway notifications",
        description=(
            "Email, chat and in-app notifications for every step of a reverse-mentoring "
            "program, exactly once per event, recipient and channel."
        ),
        routers=[router, audit_router],
        state={STATE_NAME: api},
    )
