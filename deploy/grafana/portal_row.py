# ruff: noqa: E501  (PromQL reads best on one line per query)
"""The portal's row on the platform dashboard: its pages' RED metrics (the same HTTP middleware
as the services, `service="portal"`), by route template, never by a concrete id."""

from __future__ import annotations

from deploy.grafana.model import Panel, Row, q
from deploy.grafana.variables import RI

PORTAL = 'service="portal"'


def portal_row() -> Row:
    return Row(
        "Portal: pages per second, errors, duration",
        (
            Panel(
                "Portal requests per second, by route",
                (
                    q(
                        f"sum by (route) (rate(twoway_http_requests_total{{{PORTAL}}}[{RI}]))",
                        "{{route}}",
                    ),
                ),
                unit="reqps",
                width=8,
                stack=True,
            ),
            Panel(
                "Portal server errors (share of requests)",
                (
                    q(
                        f"""(sum(rate(twoway_http_requests_total{{{PORTAL}, status=~"5.."}}[{RI}]))
                          or 0 * sum(rate(twoway_http_requests_total{{{PORTAL}}}[{RI}])))
                        / sum(rate(twoway_http_requests_total{{{PORTAL}}}[{RI}]))""",
                        "all pages",
                    ),
                    q(
                        f"""sum by (route) (rate(twoway_http_requests_total{{{PORTAL}, status=~"5.."}}[{RI}]))
                        / sum by (route) (rate(twoway_http_requests_total{{{PORTAL}}}[{RI}]))""",
                        "{{route}}",
                    ),
                ),
                unit="percentunit",
                width=8,
                description="A service that is down shows as a readable part of the page, not as a 5xx; 5xx here are the portal's own failures (its session store, the IdP).",
            ),
            Panel(
                "Portal page duration p95, by route",
                (
                    q(
                        f"histogram_quantile(0.95, sum by (route, le) (rate(twoway_http_request_duration_seconds_bucket{{{PORTAL}}}[{RI}])))",
                        "{{route}}",
                    ),
                ),
                unit="s",
                width=8,
                description="The target is under 300 ms at p95 with a 10,000-person program loaded.",
            ),
        ),
    )
