"""Every dashboard and alert query is PromQL that a real Prometheus parses, over real metrics."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from deploy.local.infra import PrometheusServer
from tests.ops.observability_files import (
    EXTERNAL_SERIES,
    all_queries,
    dashboard_queries,
    exposed_series,
    metric_names,
    rule_queries,
)
from tests.ops.toolchain import missing


@pytest.fixture(scope="module")
def prometheus() -> Iterator[PrometheusServer]:
    if shutil.which("prometheus") is None:
        missing("prometheus (Debian package `prometheus`)")
    with PrometheusServer("global:\n  scrape_interval: 15s\n") as server:
        yield server


def parse_error(server: PrometheusServer, promql: str) -> str | None:
    """None if Prometheus parses the query, else its parse error."""
    url = f"{server.url}/api/v1/format_query?" + urllib.parse.urlencode({"query": promql})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = json.loads(error.read())
    return None if body["status"] == "success" else str(body["error"])


def test_queries_are_found_in_dashboards_and_rules() -> None:
    assert len(dashboard_queries()) >= 40
    assert len(rule_queries()) >= 6


def test_prometheus_rejects_a_malformed_query(prometheus: PrometheusServer) -> None:
    assert parse_error(prometheus, "sum by (service (rate(x[5m]))") is not None
    assert parse_error(prometheus, "sum by (service) (rate(x[5m]))") is None


def test_every_dashboard_and_alert_query_parses_in_prometheus(
    prometheus: PrometheusServer,
) -> None:
    failures = {
        query.where: error
        for query in all_queries()
        if (error := parse_error(prometheus, query.promql)) is not None
    }
    assert failures == {}


def test_every_metric_queried_is_one_a_service_exposes() -> None:
    exposed = exposed_series()
    known = set().union(*exposed.values()) | EXTERNAL_SERIES
    unknown = {
        query.where: sorted(metric_names(query.expr) - known)
        for query in all_queries()
        if metric_names(query.expr) - known
    }
    assert unknown == {}
    # Each service's domain metrics are exposed by that service.
    for service, names in exposed.items():
        assert any(name.startswith(f"twoway_{service}_") for name in names), service
