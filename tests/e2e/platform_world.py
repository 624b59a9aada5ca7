"""What the end-to-end test runs against: the four services as processes, real SMTP, Prometheus."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, TypeVar

from deploy.local.harness import Platform
from shared.http.auth import issue_token
from tests.ops.observability_files import RULES_DIR

SECRET = "end-to-end-platform-secret-of-enough-length"
T = TypeVar("T")


class SmtpSink:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def templates(self) -> set[str]:
        return {str(m["X-Twoway-Template"]) for m in self.messages}

    def has(self, *templates: str) -> Callable[[], Awaitable[bool]]:
        """A probe for `eventually`: emails of all these templates have arrived."""

        async def probe() -> bool:
            return set(templates) <= self.templates()

        return probe


def service_env(smtp_port: int) -> dict[str, str]:
    """Fast timers and retries for a test; SMTP to the local sink."""
    return {
        "TWOWAY_LOG_LEVEL": "WARNING",
        "TWOWAY_RETRY_BASE_DELAY_SECONDS": "0.05",
        "TWOWAY_RETRY_MAX_DELAY_SECONDS": "0.2",
        "TWOWAY_TIMER_POLL_SECONDS": "0.3",
        "TWOWAY_TIMER_SYNC_INTERVAL_SECONDS": "0.5",
        "TWOWAY_TIMER_INTERVAL_SECONDS": "0.5",
        "TWOWAY_DISPATCH_INTERVAL_SECONDS": "0.3",
        "TWOWAY_HOUSEKEEPING_INTERVAL_SECONDS": "1",
        "TWOWAY_SMTP_HOST": "127.0.0.1",
        "TWOWAY_SMTP_PORT": str(smtp_port),
        "TWOWAY_SMTP_SECURITY": "none",
    }


def prometheus_config(platform: Platform) -> str:
    """The compose scrape job, with static targets instead of DNS, and the real alert rules."""
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES_DIR / "*.yml")],
        "scrape_configs": [
            {
                "job_name": "twoway",
                "honor_labels": True,
                "static_configs": [
                    {"targets": [f"127.0.0.1:{s.port}"], "labels": {"service": s.name}}
                    for s in platform.instances.values()
                ],
            }
        ],
    }
    return json.dumps(config)  # JSON is YAML


def bearer(subject: str, roles: list[str]) -> dict[str, str]:
    token = issue_token(
        secret=SECRET, issuer="twoway-local", audience="twoway", subject=subject, roles=roles
    )
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer("ops-admin", ["platform_admin"])
EVERY_DAY = [
    {"day": day, "start": "09:00", "end": "17:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


def program_body(program_id: str, start: date) -> dict[str, Any]:
    return {
        "program_id": program_id,
        "settings": {
            "name": "Reverse mentoring end to end",
            "region": "emea",
            "timezone": "Europe/London",
            "locales": ["en"],
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=120)).isoformat(),
            "approval_mode": "auto",
        },
        # At-risk pairs stay live for the admins to decide (no automatic rematch).
        "policy": {
            "min_seniority_gap": 2,
            "min_weekly_overlap_minutes": 60,
            "rematch_on_risk": False,
        },
    }


def person(pid: str, role: str, level: int) -> dict[str, Any]:
    junior = role == "junior"
    return {
        "participant_id": pid,
        "role": role,
        "display_name": f"Person {pid}",
        "email": f"{pid}@example.com",
        "department": "IT" if junior else "Sales",
        "location": "London",
        "timezone": "Europe/London",
        "languages": ["en"],
        "seniority_level": level,
        "skills_offered": [{"skill": "generative ai" if junior else "negotiation", "level": 4}],
        "learning_goals": [{"skill": "negotiation" if junior else "generative ai", "priority": 4}],
        "availability": EVERY_DAY,
    }


def daytime_tomorrow(now: datetime) -> datetime:
    return (now + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


async def eventually(probe: Callable[[], Awaitable[T]], what: str, timeout: float = 60.0) -> T:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.25)


def prometheus_get(base_url: str, path: str, **params: str) -> dict[str, Any]:
    url = f"{base_url}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        return dict(json.loads(error.read()))
