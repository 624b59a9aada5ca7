"""Faults under a steady load, then a reconciliation at the sources of truth.

The four services run as processes on this suite's own Kafka and a SecantusDB server per
service (on disk). During the load every service is killed with SIGKILL at a random moment and
restarted, the broker is stopped and restarted, every service's database server is stopped for
30 s at once, every event is delivered twice (some copies late and in reverse order) and poison
messages go to every topic. Then everything is counted where it is true: the topics from the
beginning, each service's collections, the SMTP server, the dead-letter topics and the consumer
groups' offsets.

CI runs a small load with faults overlapping in waves; the full run is
`TWOWAY_RELIABILITY_PARTICIPANTS=3000 pytest tests/reliability` or
`python -m bench.load.faults --participants 3000`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.load.driver import LoadConfig
from bench.load.faults import as_json, render
from bench.load.population import Timing
from bench.load.scenario import RunReport, ScenarioConfig, run_scenario

PARTICIPANTS = int(os.environ.get("TWOWAY_RELIABILITY_PARTICIPANTS", "60"))
FULL = PARTICIPANTS >= 1000

pytestmark = [
    pytest.mark.integration,
    pytest.mark.reliability,
    pytest.mark.timeout(7200 if FULL else 900),
]


@pytest.fixture(scope="module")
async def run(tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    work_dir = Path(tmp_path_factory.mktemp("faults"))
    config = ScenarioConfig(
        load=LoadConfig(
            participants=PARTICIPANTS,
            programs=3 if FULL else 2,
            timing=Timing(program_days=6 if FULL else 4),
            step_hours=8.0 if FULL else 12.0,
        ),
        overlap=not FULL,
        kill_rounds=2 if FULL else 1,
        settle_bound_seconds=max(240.0, PARTICIPANTS / 2),
    )
    report = await run_scenario(config, work_dir)
    (work_dir / "report.json").write_text(json.dumps(as_json(report), indent=2, default=str))
    print("\n" + render(report))
    return report


def test_every_fault_was_injected_and_recovered_from(run: RunReport) -> None:
    faults = {f["fault"]: f for f in run.faults}
    for service in ("matching", "scheduling", "feedback", "notifications"):
        assert f"kill -9 {service}" in faults
    assert "Kafka broker stop + restart" in faults
    assert "database stop 30s + restart" in faults
    assert faults["database stop 30s + restart"]["detail"] == (
        "stopped the database servers of matching, scheduling, feedback, notifications"
    )
    assert "poison messages on every stream topic" in faults
    assert all(f["time_to_recover_seconds"] is not None for f in run.faults), run.faults
    assert (
        run.duplicates["copies_delivered"] + run.duplicates["late_reversed_copies_delivered"]
        == (run.duplicates["originals_seen"])
    )
    assert run.duplicates["late_reversed_copies_delivered"] > 0


def test_every_participant_is_matched_or_explained(run: RunReport) -> None:
    figures = run.reconciliation.figures["participants"]
    assert run.reconciliation.broken("matching") == []
    assert figures["joined"] == PARTICIPANTS
    assert figures["matched"] > 0
    assert figures["unexplained"] == 0


def test_every_pairs_series_is_scheduled_once(run: RunReport) -> None:
    assert run.reconciliation.broken("scheduling") == []
    scheduling = run.reconciliation.figures["scheduling"]
    assert scheduling["pairs_created"] > 0
    assert scheduling["sessions_scheduled"] > 0


def test_every_reminder_and_missed_session_fires_once(run: RunReport) -> None:
    assert run.reconciliation.broken("reminders") == []
    assert run.reconciliation.figures["events_by_type"].get("SessionReminderDue", 0) > 0


def test_every_feedback_request_once_and_every_answer_published(run: RunReport) -> None:
    assert run.reconciliation.broken("feedback") == []
    feedback = run.reconciliation.figures["feedback"]
    assert feedback["requests"] > 0
    assert feedback["answers_published"] > 0


def test_every_email_once_at_the_smtp_server(run: RunReport) -> None:
    assert run.reconciliation.broken("emails") == []
    emails = run.reconciliation.figures["emails"]
    assert emails["received_at_smtp"] > 0


def test_no_personal_data_lost_and_none_left_of_the_erased(run: RunReport) -> None:
    assert run.reconciliation.broken("personal_data") == []


def test_every_poison_message_is_in_a_dead_letter_queue_with_its_reason(run: RunReport) -> None:
    assert run.reconciliation.broken("dead_letters") == []
    letters = run.reconciliation.figures["dead_letters"]
    assert letters["poison_dead_lettered"] > 0
    assert letters["not_poison"] == {}
    assert "refused by the broker" in run.reconciliation.figures["edge_check_5mb_on_default_topic"]


def test_no_consumer_is_stuck(run: RunReport) -> None:
    assert run.reconciliation.broken("consumers") == []
    assert set(run.reconciliation.figures["final_consumer_lag"].values()) == {0}


def test_no_other_promise_was_broken(run: RunReport) -> None:
    assert run.reconciliation.problems == []
