# ruff: noqa: E501  (PromQL reads best on one line per query)
"""Twoway / Platform: RED per service and subscriber, dead letters, lag, outbox, processes."""

from __future__ import annotations

from deploy.grafana.model import Dashboard, Panel, Row, q
from deploy.grafana.portal_row import portal_row
from deploy.grafana.variables import RI, SERVICE, SUB, SUBSCRIBER, SVC


def platform() -> Dashboard:
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
    http = Row(
        "HTTP APIs: rate, errors, duration",
        (
            Panel(
                "Requests per second, by route",
                (
                    q(
                        f'sum by (service, route) (rate(twoway_http_requests_total{{service=~"$service"}}[{RI}]))',
                        "{{service}} {{route}}",
                    ),
                ),
                unit="reqps",
                width=8,
            ),
            Panel(
                "Server errors (share of requests)",
                (
                    q(
                        f"""(sum by (service) (rate(twoway_http_requests_total{{service=~"$service", status=~"5.."}}[{RI}]))
                          or 0 * sum by (service) (rate(twoway_http_requests_total{{service=~"$service"}}[{RI}])))
                        / sum by (service) (rate(twoway_http_requests_total{{service=~"$service"}}[{RI}]))""",
                        "{{service}}",
                    ),
                ),
                unit="percentunit",
                width=8,
                description="503 means MongoDB or Kafka was unreachable; 4xx are the callers' mistakes and are not counted.",
            ),
            Panel(
                "Request duration p95, by route",
                (
                    q(
                        f'histogram_quantile(0.95, sum by (service, route, le) (rate(twoway_http_request_duration_seconds_bucket{{service=~"$service"}}[{RI}])))',
                        "{{service}} {{route}}",
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
        description="RED metrics per service and subscriber, the portal's pages, dead letters, consumer lag, outbox and process resources.",
        tags=("twoway", "platform"),
        variables=(SERVICE, SUBSCRIBER),
        rows=(red, http, portal_row(), subscribers, delivery, process),
    )
