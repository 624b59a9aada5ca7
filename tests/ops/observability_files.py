"""What the dashboards and alert rules query, read from the committed files."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from cli.contracts import render_environment
from shared.events.topics import SERVICES

REPO_ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_DIR = REPO_ROOT / "deploy" / "grafana" / "dashboards"
RULES_DIR = REPO_ROOT / "deploy" / "prometheus" / "rules"
RULE_TESTS_DIR = REPO_ROOT / "deploy" / "prometheus" / "tests"
PROMETHEUS_CONFIG = REPO_ROOT / "deploy" / "prometheus" / "prometheus.yml"

# Grafana's built-in interval variables, and a value for any dashboard variable: all regex
# matchers use variables, so "match anything" keeps the query valid and as wide as "All".
_BUILTINS = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")
_LABEL_VALUES = re.compile(r"^label_values\((?P<selector>.*),\s*(?P<label>\w+)\)$")
_METRIC = re.compile(r"\b((?:twoway|faststream|process|python|kafka)_[a-z0-9_]+|up)\b(?=\s*[{\[)])")

# Series that come from outside the services: kafka-exporter and Prometheus itself.
EXTERNAL_SERIES = {"kafka_consumergroup_lag", "kafka_topic_partition_current_offset", "up"}


@dataclass(frozen=True)
class Query:
    where: str
    expr: str  # as written, with dashboard variables

    @property
    def promql(self) -> str:
        return substitute(self.expr)


def substitute(expr: str) -> str:
    for name, value in _BUILTINS.items():
        expr = expr.replace(name, value)
    return _VARIABLE.sub(".*", expr)


def dashboards() -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DASHBOARD_DIR.glob("*.json"))
    }


def data_panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    panels = []
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            panels.extend(panel.get("panels", []))
        else:
            panels.append(panel)
    return panels


def variable_selector(definition: str) -> tuple[str, str]:
    """(series selector, label) of a `label_values(selector, label)` variable query."""
    match = _LABEL_VALUES.match(definition.strip())
    if match is None:
        raise ValueError(f"not a label_values() query: {definition}")
    return match["selector"], match["label"]


def dashboard_queries() -> list[Query]:
    queries = []
    for name, dashboard in dashboards().items():
        for panel in data_panels(dashboard):
            for target in panel.get("targets", []):
                queries.append(
                    Query(f"{name} / {panel['title']} / {target['refId']}", target["expr"])
                )
        for variable in dashboard["templating"]["list"]:
            selector, _label = variable_selector(variable["definition"])
            queries.append(Query(f"{name} / variable {variable['name']}", selector))
    return queries


def rule_groups() -> dict[str, list[dict[str, Any]]]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
        for path in sorted(RULES_DIR.glob("*.yml"))
    }


def alert_rules() -> list[dict[str, Any]]:
    return [
        rule for groups in rule_groups().values() for group in groups for rule in group["rules"]
    ]


def rule_queries() -> list[Query]:
    return [
        Query(f"{name} / {group['name']} / {rule.get('alert') or rule.get('record')}", rule["expr"])
        for name, groups in rule_groups().items()
        for group in groups
        for rule in group["rules"]
    ]


def all_queries() -> list[Query]:
    return dashboard_queries() + rule_queries()


def metric_names(expr: str) -> set[str]:
    return set(_METRIC.findall(expr))


async def _exposition(service: str) -> str:
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    app = bootstrap.create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        response = await client.get("/metrics")
        response.raise_for_status()
        return response.text


def exposed_series() -> dict[str, set[str]]:
    """Every series name each service exposes on /metrics (from `# TYPE` lines, so metrics
    without samples yet count too): counters as `_total`, histograms as `_bucket/_sum/_count`."""
    suffixes = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count", "")}
    exposed: dict[str, set[str]] = {}
    for service in SERVICES:
        with render_environment():
            text = asyncio.run(_exposition(service))
        names: set[str] = set()
        for line in text.splitlines():
            if line.startswith("# TYPE "):
                _hash, _type, name, kind = line.split()
                if kind == "counter" and not name.endswith("_total"):
                    name += "_total"
                names.update(name + suffix for suffix in suffixes.get(kind, ("",)))
        exposed[service] = names
    return exposed
