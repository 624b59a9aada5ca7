"""End to end: the four services as real processes on real Kafka and SecantusDB, scraped by a
real Prometheus with the real alert rules, emailing through a real SMTP server.

A program goes launch -> join -> match -> schedule -> complete -> feedback -> notifications over
the HTTP APIs; then every dashboard and alert query is run against what Prometheus scraped.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from deploy.local.harness import SERVICES, Platform
from deploy.local.infra import PrometheusServer, free_port
from tests.e2e.platform_world import (
    ADMIN,
    SECRET,
    SmtpSink,
    bearer,
    daytime_tomorrow,
    eventually,
    person,
    program_body,
    prometheus_config,
    prometheus_get,
    service_env,
)
from tests.ops.observability_files import alert_rules, dashboard_queries
from tests.ops.toolchain import missing
from tests.support.kafka_tools import create_topics, produce, unique_prefix

pytestmark = pytest.mark.integration

PROGRAM = "e2e-emea"

# Dashboard queries that have no series after a healthy run, and why. Everything else must.
NO_SERIES_IN_A_HEALTHY_RUN = {
    "kafka_consumergroup_lag": "kafka-exporter is not part of the local stack",
    "kafka_topic_partition_current_offset": "kafka-exporter is not part of the local stack",
    "faststream_received_processed_messages_exceptions_total": "no handler raised",
    'status!="acked"': "every message was acknowledged",
    "twoway_handler_retries_total": "no handler needed a retry",
    "twoway_outbox_republished_total": "nothing crashed between write and publish",
    "twoway_scheduling_sessions_rescheduled_total": "no session moved",
    "twoway_scheduling_series_unschedulable_total": "every pair had common free time",
    "twoway_notifications_failed_total": "no delivery failed",
    "twoway_notifications_skipped_total": "no delivery was skipped",
    'service="portal"': "this run drives the services' APIs; tests/browser runs the portal",
}


@dataclass
class Run:
    platform: Platform
    prometheus: PrometheusServer
    smtp: SmtpSink
    pairs: list[dict[str, Any]] = field(default_factory=list)
    feedback_answers: int = 0


def no_series_expected(expr: str) -> bool:
    return any(marker in expr for marker in NO_SERIES_IN_A_HEALTHY_RUN)


async def set_clocks(platform: Platform, now: datetime) -> None:
    async with httpx.AsyncClient(headers=ADMIN, timeout=10) as http:
        for name in SERVICES:
            response = await http.post(
                f"{platform.url(name)}/admin/clock", json={"now": now.isoformat()}
            )
            assert response.status_code == 200, response.text


async def drive_program(run: Run, bootstrap: str, prefix: str) -> None:
    platform = run.platform
    start = daytime_tomorrow(datetime.now(UTC))
    await set_clocks(platform, start)
    async with httpx.AsyncClient(
        base_url=platform.url("matching"), headers=ADMIN, timeout=30
    ) as api:
        response = await api.post("/programs", json=program_body(PROGRAM, start.date()))
        assert response.status_code == 201, response.text
        people = [
            ("j-1", "junior", 2),
            ("j-2", "junior", 2),
            ("s-1", "senior", 7),
            ("s-2", "senior", 8),
        ]
        for pid, role, level in people:
            response = await api.post(
                f"/programs/{PROGRAM}/participants", json=person(pid, role, level)
            )
            assert response.status_code == 201, response.text
        round_result = (await api.post(f"/programs/{PROGRAM}/rounds", json={})).json()
    assert round_result["status"] == "published", round_result
    run.pairs = round_result["pairs"]
    assert len(run.pairs) == 2

    async with httpx.AsyncClient(
        base_url=platform.url("scheduling"), headers=ADMIN, timeout=30
    ) as api:

        async def first_session() -> dict[str, Any] | None:
            response = await api.get(f"/pairs/{run.pairs[0]['pair_id']}/sessions")
            sessions = response.json().get("sessions", []) if response.status_code == 200 else []
            return sessions[0] if sessions else None

        session = await eventually(first_session, "the first pair's series to be planned")
        assert session is not None
        await eventually(
            run.smtp.has("series_invitation"),
            "the introduction with the series invitation",
        )
        await set_clocks(platform, datetime.fromisoformat(session["start"]) + timedelta(minutes=5))
        response = await api.post(
            f"/sessions/{session['session_id']}/complete", json={"minutes": 55}
        )
        assert response.status_code == 200, response.text
        series = (await api.get(f"/pairs/{run.pairs[0]['pair_id']}/sessions")).json()["sessions"]
        response = await api.post(f"/sessions/{series[1]['session_id']}/cancel")
        assert response.status_code == 200, response.text

    async with httpx.AsyncClient(base_url=platform.url("feedback"), timeout=30) as api:
        pair = run.pairs[0]
        for pid, is_junior in ((pair["junior_id"], True), (pair["senior_id"], False)):
            headers = bearer(pid, ["participant"])

            async def open_request(pid: str = pid, headers: dict[str, str] = headers) -> str | None:
                response = await api.get(f"/participants/{pid}/feedback-requests", headers=headers)
                requests = response.json() if response.status_code == 200 else []
                return requests[0]["request_id"] if requests else None

            request_id = await eventually(open_request, f"a feedback request for {pid}")
            ratings = {"value": 4, "preparation": 4}
            if is_junior:  # the junior mentor could not speak freely: an early warning
                ratings["psychological_safety"] = 1
            answer = {"ratings": ratings, "would_continue": True}
            response = await api.post(
                f"/feedback-requests/{request_id}/answer", json=answer, headers=headers
            )
            assert response.status_code == 201, response.text
            run.feedback_answers += 1

    await eventually(run.smtp.has("feedback_requested"), "feedback request emails")
    await miss_a_session(run)
    # The program leaves at-risk pairs to its admins: one ends the pair that never met.
    async with httpx.AsyncClient(
        base_url=platform.url("matching"), headers=ADMIN, timeout=30
    ) as api:
        response = await api.post(f"/programs/{PROGRAM}/pairs/{run.pairs[1]['pair_id']}/end")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ended"
    # A poison message on the sessions topic: its consumers dead-letter it and move on.
    await produce(bootstrap, prefix + "sessions", b"{not json", key=b"pair-x")


async def miss_a_session(run: Run) -> None:
    """The second pair never holds its first session."""
    platform = run.platform
    async with httpx.AsyncClient(
        base_url=platform.url("scheduling"), headers=ADMIN, timeout=30
    ) as api:
        missed_pair = run.pairs[1]["pair_id"]
        second = (await api.get(f"/pairs/{missed_pair}/sessions")).json()["sessions"]
        end = datetime.fromisoformat(second[0]["end"])
        await set_clocks(platform, end + timedelta(hours=13))

        async def missed() -> bool:
            sessions = (await api.get(f"/pairs/{missed_pair}/sessions")).json()["sessions"]
            return bool(sessions[0]["status"] == "missed")

        await eventually(missed, "the unattended session to be marked missed")


@pytest.fixture(scope="module")
async def run(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Run]:
    if shutil.which("prometheus") is None:
        missing("prometheus (Debian package `prometheus`)")
    prefix = unique_prefix()
    await create_topics(kafka_server.bootstrap_servers, prefix, partitions=3)
    sink = SmtpSink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    platform = Platform(
        bootstrap_servers=kafka_server.bootstrap_servers,
        mongo_uri=mongo_server.uri,
        work_dir=Path(tmp_path_factory.mktemp("platform")),
        topic_prefix=prefix,
        database_suffix=f"_{prefix.strip('.')}",
        auth_secret=SECRET,
        extra_env=service_env(smtp_port),
    )
    prometheus: PrometheusServer | None = None
    try:
        await asyncio.to_thread(platform.start_all)
        prometheus = await asyncio.to_thread(PrometheusServer(prometheus_config(platform)).start)
        state = Run(platform, prometheus, sink)
        await drive_program(state, kafka_server.bootstrap_servers, prefix)
        yield state
    finally:
        if prometheus is not None:
            await asyncio.to_thread(prometheus.stop)
        await asyncio.to_thread(platform.stop_all)
        smtp.stop()


def query(run: Run, promql: str) -> list[dict[str, Any]]:
    body = prometheus_get(run.prometheus.url, "/api/v1/query", query=promql)
    assert body["status"] == "success", f"{promql}: {body}"
    return list(body["data"]["result"])


async def test_a_program_runs_from_launch_to_feedback_and_emails(run: Run) -> None:
    assert run.feedback_answers == 2
    templates = run.smtp.templates()
    assert {"series_invitation", "feedback_requested"} <= templates
    recipients = {str(m["To"]) for m in run.smtp.messages}
    assert any("j-1@example.com" in r for r in recipients)


async def test_the_unsafe_session_shows_as_a_pair_at_risk(run: Run) -> None:
    async def flagged() -> bool:
        series = query(run, f'twoway_feedback_pairs_at_risk{{program="{PROGRAM}"}} == 1')
        return len(series) == 1

    await eventually(flagged, "one pair at risk in Prometheus", timeout=30)


async def test_prometheus_scrapes_every_service(run: Run) -> None:
    async def all_up() -> bool:
        up = query(run, 'up{job="twoway"} == 1')
        return {series["metric"]["service"] for series in up} == set(SERVICES)

    await eventually(all_up, "every service to be scraped", timeout=30)


async def test_every_dashboard_query_returns_series_after_the_run(run: Run) -> None:
    queries = dashboard_queries()

    async def missing() -> list[str]:
        return [
            q.where for q in queries if not no_series_expected(q.expr) and not query(run, q.promql)
        ]

    # Metrics appear as the flow's last events are handled and scraped (1 s interval).
    deadline = asyncio.get_running_loop().time() + 45
    empty = await missing()
    while empty and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(1)
        empty = await missing()
    assert empty == [], "no series: " + "; ".join(empty)
    for q in queries:  # the exempted ones too are queries Prometheus runs without error
        query(run, q.promql)


async def test_alert_rules_evaluate_and_the_dead_letter_alert_fires(run: Run) -> None:
    async def dead_letter_alerts() -> list[dict[str, Any]]:
        alerts = prometheus_get(run.prometheus.url, "/api/v1/alerts")["data"]["alerts"]
        return [a for a in alerts if a["labels"]["alertname"] == "TwowayDeadLettersReceived"]

    firing = await eventually(dead_letter_alerts, "the dead-letter alert", timeout=45)
    assert {a["labels"]["service"] for a in firing} <= {"feedback", "notifications"}
    assert {a["labels"]["reason"] for a in firing} == {"malformed_json"}
    groups = prometheus_get(run.prometheus.url, "/api/v1/rules")["data"]["groups"]
    evaluated = {rule["name"]: rule for group in groups for rule in group["rules"]}
    assert set(evaluated) == {rule["alert"] for rule in alert_rules()}
    assert {
        name: rule["health"] for name, rule in evaluated.items() if rule["health"] != "ok"
    } == {}
