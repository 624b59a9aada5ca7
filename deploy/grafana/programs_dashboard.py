# ruff: noqa: E501  (PromQL reads best on one line per query)
"""Twoway / Programs: per program and region, from participants to notifications."""

from __future__ import annotations

from deploy.grafana.model import Dashboard, Panel, Row, q
from deploy.grafana.variables import PRG, PROGRAM, REGION, RI


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


def programs() -> Dashboard:
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
