# ruff: noqa: E501  (PromQL reads best on one line per query)
"""Twoway's provisioned dashboards: Platform, Programs, Matching engine.

    python -m deploy.grafana.dashboards write   # render deploy/grafana/dashboards/*.json
    python -m deploy.grafana.dashboards check   # exit 1 if the JSON differs from this file

Label conventions the queries rely on (see deploy/prometheus/prometheus.yml):
- FastStream's RED metrics carry `app_name` (the service) and `handler` (the topic consumed);
- Twoway's plumbing metrics carry `service`; Prometheus adds `service` to every other series
  of a service target, so process metrics can be split by service too;
- domain metrics are named `twoway_<service>_...` and carry `program` (and some `region`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from deploy.grafana.model import Dashboard, Panel, Row, Variable, q, render

OUT_DIR = Path(__file__).resolve().parent / "dashboards"
RI = "$__rate_interval"

SERVICE = Variable("service", "Service", 'label_values(up{job="twoway"}, service)')
SUBSCRIBER = Variable(
    "subscriber",
    "Subscriber (topic)",
    'label_values(faststream_received_messages_total{app_name=~"$service"}, handler)',
)
REGION = Variable("region", "Region", "label_values(twoway_matching_participants, region)")
PROGRAM = Variable(
    "program",
    "Program",
    'label_values(twoway_matching_participants{region=~"$region"}, program)',
)

SVC = 'app_name=~"$service"'
SUB = 'app_name=~"$service", handler=~"$subscriber"'
PRG = 'program=~"$program"'


def _platform() -> Dashboard:
    red = Row(
        "Services: rate, errors, duration",
        (
            Panel(
                "Messages handled per second",
                (
                    q(
                        f"sum by (app_name) (rate(faststream_received_processed_messages_total{{{SVC}}}[{RI}]))",
                        "{{app_name}}",
                    ),
                ),
                unit="ops",
                width=8,
            ),
            Panel(
                "Handling errors (share of messages)",
                (
                    q(
                        f"""sum by (app_name) (rate(faststream_received_processed_messages_total{{{SVC}, status!="acked"}}[{RI}]))
                        / sum by (app_name) (rate(faststream_received_processed_messages_total{{{SVC}}}[{RI}]))""",
                        "{{app_name}}",
                    ),
                ),
                unit="percentunit",
                width=8,
                description="Messages not acknowledged (error, nacked, rejected). Dead-lettered messages are acknowledged: see the DLQ panels.",
            ),
            Panel(
                "Handling duration p95",
                (
                    q(
                        f"histogram_quantile(0.95, sum by (app_name, le) (rate(faststream_received_processed_messages_duration_seconds_bucket{{{SVC}}}[{RI}])))",
                        "{{app_name}}",
                    ),
                ),
                unit="s",
                width=8,
            ),
        ),
    )
    subscribers = Row(
        "Subscribers",
        (
            Panel(
                "Received per second, by subscriber",
                (
                    q(
                        f"sum by (app_name, handler) (rate(faststream_received_messages_total{{{SUB}}}[{RI}]))",
                        "{{app_name}} ← {{handler}}",
                    ),
                ),
                unit="ops",
                width=8,
            ),
            Panel(
                "Handling duration p50 / p99, by subscriber",
                (
                    q(
                        f"histogram_quantile(0.5, sum by (app_name, handler, le) (rate(faststream_received_processed_messages_duration_seconds_bucket{{{SUB}}}[{RI}])))",
                        "p50 {{app_name}} ← {{handler}}",
                    ),
                    q(
                        f"histogram_quantile(0.99, sum by (app_name, handler, le) (rate(faststream_received_processed_messages_duration_seconds_bucket{{{SUB}}}[{RI}])))",
                        "p99 {{app_name}} ← {{handler}}",
                    ),
                ),
                unit="s",
                width=8,
            ),
            Panel(
                "Exceptions per second, by subscriber and type",
                (
                    q(
                        f"sum by (app_name, handler, exception_type) (rate(faststream_received_processed_messages_exceptions_total{{{SUB}}}[{RI}]))",
                        "{{app_name}} ← {{handler}}: {{exception_type}}",
                    ),
                ),
                unit="ops",
                width=8,
            ),
            Panel(
                "Messages in flight",
                (
                    q(
                        f"sum by (app_name, handler) (faststream_received_messages_in_process{{{SUB}}})",
                        "{{app_name}} ← {{handler}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Handler retries per second",
                (
                    q(
                        f'sum by (service, topic, error_type) (rate(twoway_handler_retries_total{{service=~"$service"}}[{RI}]))',
                        "{{service}} {{topic}}: {{error_type}}",
                    ),
                ),
                unit="ops",
                width=8,
            ),
            Panel(
                "Published per second, by topic and status",
                (
                    q(
                        f"sum by (app_name, destination, status) (rate(faststream_published_messages_total{{{SVC}}}[{RI}]))",
                        "{{app_name}} → {{destination}} ({{status}})",
                    ),
                ),
                unit="ops",
                width=8,
            ),
        ),
    )
    delivery = Row(
        "Dead letters, lag and outbox",
        (
            Panel(
                "Dead letters per second",
                (
                    q(
                        f'sum by (service, topic, reason) (rate(twoway_dead_letters_total{{service=~"$service"}}[{RI}]))',
                        "{{service}} {{topic}}: {{reason}}",
                    ),
                ),
                unit="ops",
                width=8,
            ),
            Panel(
                "Messages on the DLQ topics (last hour)",
                (
                    q(
                        'sum by (topic) (increase(kafka_topic_partition_current_offset{topic=~".*dlq\\\\..*"}[1h]))',
                        "{{topic}}",
                    ),
                ),
                width=8,
                description="From kafka-exporter: every writer of a DLQ topic counts, not only the services.",
            ),
            Panel(
                "Consumer lag, by group and topic",
                (
                    q(
                        'sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=~"twoway-($service)"})',
                        "{{consumergroup}} {{topic}}",
                    ),
                ),
                width=8,
                stack=True,
            ),
            Panel(
                "Outbox: events waiting for Kafka",
                (
                    q(
                        'sum by (service) (twoway_outbox_pending_events{service=~"$service"})',
                        "{{service}}",
                    ),
                ),
                width=12,
            ),
            Panel(
                "Outbox: events republished per second",
                (
                    q(
                        f'sum by (service) (rate(twoway_outbox_republished_total{{service=~"$service"}}[{RI}]))',
                        "{{service}}",
                    ),
                ),
                unit="ops",
                width=12,
            ),
        ),
    )
    process = Row(
        "Processes",
        (
            Panel(
                "Instances up",
                (q('sum by (service) (up{job="twoway", service=~"$service"})', "{{service}}"),),
                kind="stat",
                width=6,
            ),
            Panel(
                "CPU (cores)",
                (
                    q(
                        f'sum by (service, instance) (rate(process_cpu_seconds_total{{job="twoway", service=~"$service"}}[{RI}]))',
                        "{{service}} {{instance}}",
                    ),
                ),
                width=6,
            ),
            Panel(
                "Resident memory",
                (
                    q(
                        'sum by (service, instance) (process_resident_memory_bytes{job="twoway", service=~"$service"})',
                        "{{service}} {{instance}}",
                    ),
                ),
                unit="bytes",
                width=6,
            ),
            Panel(
                "Open file descriptors",
                (
                    q(
                        'sum by (service, instance) (process_open_fds{job="twoway", service=~"$service"})',
                        "{{service}} {{instance}}",
                    ),
                ),
                width=6,
            ),
        ),
    )
    return Dashboard(
        uid="twoway-platform",
        title="Twoway / Platform",
        description="RED metrics per service and subscriber, dead letters, consumer lag, outbox and process resources.",
        tags=("twoway", "platform"),
        variables=(SERVICE, SUBSCRIBER),
        rows=(red, subscribers, delivery, process),
    )


def _rating(name: str, title: str) -> Panel:
    metric = f"twoway_feedback_rating_{name}"
    return Panel(
        f"Mean {title} rating (1-5), by role",
        (
            q(
                f"""sum by (program, role) (rate({metric}_sum{{{PRG}}}[1d]))
                / sum by (program, role) (rate({metric}_count{{{PRG}}}[1d]))""",
                "{{program}} {{role}}",
            ),
        ),
        decimals=2,
        width=8,
        description="Over the last day of submissions.",
    )


def _programs() -> Dashboard:
    funnel = Row(
        "Participants and matching",
        (
            Panel(
                "Participants, by status",
                (
                    q(
                        f'sum by (program, status) (twoway_matching_participants{{{PRG}, region=~"$region"}})',
                        "{{program}} {{status}}",
                    ),
                ),
                width=8,
                stack=True,
            ),
            Panel(
                "Match rate (seniors matched, last round)",
                (
                    q(
                        f'max by (program, region) (twoway_matching_match_rate{{{PRG}, region=~"$region"}})',
                        "{{program}} ({{region}})",
                    ),
                ),
                unit="percentunit",
                width=8,
            ),
            Panel(
                "Mean pair score (last round)",
                (
                    q(
                        f'max by (program, region) (twoway_matching_mean_pair_score{{{PRG}, region=~"$region"}})',
                        "{{program}} ({{region}})",
                    ),
                ),
                decimals=3,
                width=8,
            ),
            Panel(
                "Pairs created and ended per hour",
                (
                    q(
                        f"sum by (program) (increase(twoway_matching_pairs_created_total{{{PRG}}}[1h]))",
                        "created {{program}}",
                    ),
                    q(
                        f"sum by (program, reason) (increase(twoway_matching_pairs_ended_total{{{PRG}}}[1h]))",
                        "ended {{program}}: {{reason}}",
                    ),
                ),
                width=12,
            ),
            Panel(
                "Pairs at risk",
                (q(f"max by (program) (twoway_feedback_pairs_at_risk{{{PRG}}})", "{{program}}"),),
                width=12,
            ),
        ),
    )
    sessions = Row(
        "Sessions",
        (
            Panel(
                "Sessions held and missed per day",
                (
                    q(
                        f"sum by (program) (increase(twoway_scheduling_sessions_completed_total{{{PRG}}}[1d]))",
                        "held {{program}}",
                    ),
                    q(
                        f"sum by (program) (increase(twoway_scheduling_sessions_missed_total{{{PRG}}}[1d]))",
                        "missed {{program}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Share of sessions held (last 7 days)",
                (
                    # A program that never missed a session has no `missed` series: count it as 0.
                    q(
                        f"""sum by (program) (increase(twoway_scheduling_sessions_completed_total{{{PRG}}}[7d]))
                        / (sum by (program) (increase(twoway_scheduling_sessions_completed_total{{{PRG}}}[7d]))
                           + (sum by (program) (increase(twoway_scheduling_sessions_missed_total{{{PRG}}}[7d]))
                              or sum by (program) (increase(twoway_scheduling_sessions_completed_total{{{PRG}}}[7d])) * 0))""",
                        "{{program}}",
                    ),
                ),
                unit="percentunit",
                width=8,
            ),
            Panel(
                "Sessions scheduled, rescheduled, cancelled per day",
                (
                    q(
                        f"sum by (program) (increase(twoway_scheduling_sessions_scheduled_total{{{PRG}}}[1d]))",
                        "scheduled {{program}}",
                    ),
                    q(
                        f"sum by (program, reason) (increase(twoway_scheduling_sessions_rescheduled_total{{{PRG}}}[1d]))",
                        "rescheduled {{program}}: {{reason}}",
                    ),
                    q(
                        f"sum by (program, reason) (increase(twoway_scheduling_sessions_cancelled_total{{{PRG}}}[1d]))",
                        "cancelled {{program}}: {{reason}}",
                    ),
                    q(
                        f"sum by (program, reason) (increase(twoway_scheduling_series_unschedulable_total{{{PRG}}}[1d]))",
                        "unschedulable {{program}}: {{reason}}",
                    ),
                ),
                width=8,
            ),
        ),
    )
    feedback = Row(
        "Feedback",
        (
            _rating("value", "value"),
            _rating("preparation", "preparation"),
            _rating("psychological_safety", "psychological safety"),
            Panel(
                "Feedback requested and submitted per day",
                (
                    q(
                        f"sum by (program, kind) (increase(twoway_feedback_requests_total{{{PRG}}}[1d]))",
                        "requested {{program}} ({{kind}})",
                    ),
                    q(
                        f"sum by (program, role) (increase(twoway_feedback_submitted_total{{{PRG}}}[1d]))",
                        "submitted {{program}} ({{role}})",
                    ),
                ),
                width=12,
            ),
            Panel(
                "Pair health transitions per day",
                (
                    q(
                        f"sum by (program, transition) (increase(twoway_feedback_pair_health_transitions_total{{{PRG}}}[1d]))",
                        "{{program}} {{transition}}",
                    ),
                ),
                width=12,
            ),
        ),
    )
    notifications = Row(
        "Notifications (all programs)",
        (
            Panel(
                "Notifications sent per hour, by channel",
                (
                    q(
                        "sum by (channel) (increase(twoway_notifications_sent_total[1h]))",
                        "{{channel}}",
                    ),
                ),
                width=8,
                stack=True,
            ),
            Panel(
                "Notifications failed or skipped per hour, by channel",
                (
                    q(
                        "sum by (channel, status) (increase(twoway_notifications_failed_total[1h]))",
                        "failed {{channel}}: {{status}}",
                    ),
                    q(
                        "sum by (channel, status) (increase(twoway_notifications_skipped_total[1h]))",
                        "skipped {{channel}}: {{status}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Delivery latency p95, by channel",
                (
                    q(
                        f"histogram_quantile(0.95, sum by (channel, le) (rate(twoway_notifications_delivery_latency_seconds_bucket[{RI}])))",
                        "{{channel}}",
                    ),
                ),
                unit="s",
                width=8,
            ),
        ),
    )
    return Dashboard(
        uid="twoway-programs",
        title="Twoway / Programs",
        description="Per program and region: participants, match rate and score, sessions, feedback, pairs at risk, notifications.",
        tags=("twoway", "programs"),
        variables=(REGION, PROGRAM),
        rows=(funnel, sessions, feedback, notifications),
    )


def _matching() -> Dashboard:
    rounds = Row(
        "Rounds",
        (
            Panel(
                "Round duration p50 / p95",
                (
                    q(
                        f"histogram_quantile(0.5, sum by (program, le) (rate(twoway_matching_round_duration_seconds_bucket{{{PRG}}}[1h])))",
                        "p50 {{program}}",
                    ),
                    q(
                        f"histogram_quantile(0.95, sum by (program, le) (rate(twoway_matching_round_duration_seconds_bucket{{{PRG}}}[1h])))",
                        "p95 {{program}}",
                    ),
                ),
                unit="s",
                width=8,
            ),
            Panel(
                "Rounds per hour, by outcome",
                (
                    q(
                        f"sum by (program, outcome) (increase(twoway_matching_rounds_total{{{PRG}}}[1h]))",
                        "{{program}} {{outcome}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Time since the last successful round",
                (
                    q(
                        f"time() - max by (program) (twoway_matching_last_round_success_timestamp_seconds{{{PRG}}})",
                        "{{program}}",
                    ),
                ),
                unit="s",
                kind="stat",
                width=8,
            ),
        ),
    )
    quality = Row(
        "Solver",
        (
            Panel(
                "Candidate graph size (pairs considered)",
                (
                    q(
                        f"max by (program) (twoway_matching_candidate_graph_pairs{{{PRG}}})",
                        "{{program}}",
                    ),
                ),
                width=8,
            ),
            Panel(
                "Gap to the upper bound",
                (q(f"max by (program) (twoway_matching_gap_to_bound{{{PRG}}})", "{{program}}"),),
                unit="percentunit",
                width=8,
                description="Relative gap between the round's total score and its upper bound: 0 means provably optimal.",
            ),
            Panel(
                "Match rate and mean pair score",
                (
                    q(
                        f'max by (program) (twoway_matching_match_rate{{{PRG}, region=~"$region"}})',
                        "match rate {{program}}",
                    ),
                    q(
                        f'max by (program) (twoway_matching_mean_pair_score{{{PRG}, region=~"$region"}})',
                        "mean score {{program}}",
                    ),
                ),
                decimals=3,
                width=8,
            ),
        ),
    )
    return Dashboard(
        uid="twoway-matching",
        title="Twoway / Matching engine",
        description="Matching rounds: duration, candidate graph size, gap to bound, quality.",
        tags=("twoway", "matching"),
        variables=(REGION, PROGRAM),
        rows=(rounds, quality),
    )


def dashboards() -> dict[str, dict[str, Any]]:
    """File name -> dashboard JSON model."""
    built = [_platform(), _programs(), _matching()]
    return {f"{d.uid}.json": render(d) for d in built}


def rendered() -> dict[str, str]:
    return {
        name: json.dumps(model, indent=2, ensure_ascii=False) + "\n"
        for name, model in dashboards().items()
    }


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    files = rendered()
    stale = [
        name
        for name, text in files.items()
        if not (OUT_DIR / name).exists() or (OUT_DIR / name).read_text(encoding="utf-8") != text
    ]
    if action == "write":
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (OUT_DIR / name).write_text(files[name], encoding="utf-8")
        print(f"{len(files)} dashboards, {len(stale)} rewritten")
        return 0
    for name in stale:
        print(f"out of date: deploy/grafana/dashboards/{name}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
