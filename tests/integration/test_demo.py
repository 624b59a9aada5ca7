"""A small `twoway demo` on the four services as real processes, real Kafka and SecantusDB,
emailing a real SMTP server: every figure of its report comes from the services."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from cli.demo.report import summary
from cli.demo.run import DemoConfig, DemoResult, SettleTiming, run_demo
from cli.demo.services import Credentials, Endpoints
from deploy.local.harness import Platform
from deploy.local.infra import free_port
from tests.support.kafka_tools import create_topics, unique_prefix

pytestmark = pytest.mark.integration

SECRET = "demo-test-signing-secret-of-enough-length"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Mailbox:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received += 1
        return "250 Message accepted for delivery"


@dataclass
class Run:
    result: DemoResult
    figures: dict[str, Any]
    mailbox: Mailbox


def fast_services(smtp_port: int) -> dict[str, str]:
    """Timers and delivery loops that keep up with a clock moved every second or so."""
    return {
        "TWOWAY_LOG_LEVEL": "WARNING",
        "TWOWAY_TIMER_POLL_SECONDS": "0.5",
        "TWOWAY_TIMER_SYNC_INTERVAL_SECONDS": "1",
        "TWOWAY_TIMER_INTERVAL_SECONDS": "2",
        "TWOWAY_DISPATCH_INTERVAL_SECONDS": "0.5",
        "TWOWAY_EMAIL_RATE_PER_SECOND": "500",
        "TWOWAY_EMAIL_BURST": "500",
        "TWOWAY_SMTP_HOST": "127.0.0.1",
        "TWOWAY_SMTP_PORT": str(smtp_port),
        "TWOWAY_SMTP_SECURITY": "none",
    }


@pytest.fixture(scope="module")
async def run(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Run]:
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    mailbox = Mailbox()
    smtp_port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    work = tmp_path_factory.mktemp("demo")
    platform = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=work,
        topic_prefix=prefix,
        database_suffix=f"_{prefix.strip('.')}",
        auth_secret=SECRET,
        extra_env=fast_services(smtp_port),
    )
    try:
        await asyncio.to_thread(platform.start_all)
        config = DemoConfig(
            endpoints=Endpoints(**{name: platform.url(name) for name in Endpoints.__annotations__}),
            credentials=Credentials(secret=SECRET),
            bootstrap_servers=kafka_server.bootstrap_servers,
            topic_prefix=prefix,
            participants=30,
            weeks=5,
            min_group_size=2,
            out_dir=work / "charts",
            settle=SettleTiming(min_seconds=0.6, quiet_seconds=0.5),
        )
        result = await run_demo(config)
        yield Run(result, summary(result.reports), mailbox)
    finally:
        await asyncio.to_thread(platform.stop_all)
        smtp.stop()


def total(run: Run, pick: Any) -> int:
    return sum(pick(program) for program in run.figures["programs"].values())


async def test_three_regional_programs_run_from_matching_to_feedback(run: Run) -> None:
    programs = run.figures["programs"]
    assert {p["region"] for p in programs.values()} == {"EMEA", "APAC", "Americas"}
    assert total(run, lambda p: p["participants"]) == 30
    assert total(run, lambda p: sum(p["pairs"].values())) > 0
    assert total(run, lambda p: len(p["rounds"])) >= 6  # the launch round and a later one each
    assert total(run, lambda p: p["sessions"].get("completed", 0)) > 0
    assert total(run, lambda p: p["feedback_answered"]) > 0
    for program in programs.values():
        funnel = list(program["funnel"].values())
        assert funnel == sorted(funnel, reverse=True), program["funnel"]


async def test_stalled_pairs_are_flagged_and_ended_by_the_platform(run: Run) -> None:
    flagged = total(run, lambda p: p["pairs_at_risk"])
    ended = total(run, lambda p: p["pairs_ended"].get("at_risk", 0))
    assert flagged > 0
    assert 0 < ended <= flagged


async def test_notifications_go_out_by_email_and_inbox(run: Run) -> None:
    emails = total(run, lambda p: p["notifications_sent"].get("email", 0))
    assert emails > 0
    assert total(run, lambda p: p["notifications_sent"].get("inbox", 0)) > 0
    assert run.mailbox.received >= emails  # the audit trail counts mails really delivered


async def test_the_report_and_its_charts_are_written(run: Run) -> None:
    text = run.result.text
    for section in ("Match quality", "Sessions", "Feedback and ratings", "Two-way learning",
                    "Early warning and rematching", "Notifications", "Funnel"):  # fmt: skip
        assert section in text
    assert {p.name for p in run.result.charts} == {
        "funnel.png",
        "learning-matrix.png",
        "sessions-by-week.png",
    }
    for chart in run.result.charts:
        data = await asyncio.to_thread(chart.read_bytes)
        assert data[:8] == PNG_SIGNATURE
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert width > 300
        assert height > 200
