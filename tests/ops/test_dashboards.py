"""Grafana dashboards: rendered from their definitions, structurally sound, provisioned."""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

import yaml

from deploy.grafana import dashboards as definitions
from tests.ops.observability_files import (
    DASHBOARD_DIR,
    REPO_ROOT,
    dashboards,
    data_panels,
    variable_selector,
)

PROVISIONING = REPO_ROOT / "deploy" / "grafana" / "provisioning"
USED_VARIABLE = re.compile(r"\$\{?(\w+)")


def provisioned_datasource() -> dict[str, Any]:
    config = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())
    (datasource,) = config["datasources"]
    return dict(datasource)


def test_dashboard_files_are_rendered_from_their_definitions() -> None:
    assert definitions.rendered() == {
        path.name: path.read_text(encoding="utf-8") for path in DASHBOARD_DIR.glob("*.json")
    }, "run `python -m deploy.grafana.dashboards write`"


def test_platform_programs_and_matching_dashboards_exist_with_unique_uids() -> None:
    found = dashboards()
    uids = [d["uid"] for d in found.values()]
    assert sorted(uids) == ["twoway-matching", "twoway-platform", "twoway-programs"]
    assert len({d["title"] for d in found.values()}) == len(found)


def test_every_panel_has_the_provisioned_datasource_and_a_query() -> None:
    datasource = provisioned_datasource()
    assert datasource["type"] == "prometheus"
    for name, dashboard in dashboards().items():
        ids = [p["id"] for p in dashboard["panels"]]
        assert len(ids) == len(set(ids)), f"{name}: duplicate panel ids"
        for panel in data_panels(dashboard):
            where = f"{name} / {panel['title']}"
            assert panel["datasource"] == {"type": "prometheus", "uid": datasource["uid"]}, where
            assert panel["targets"], f"{where}: no query"
            ref_ids = [t["refId"] for t in panel["targets"]]
            assert len(ref_ids) == len(set(ref_ids)), f"{where}: duplicate refIds"
            for target in panel["targets"]:
                assert target["expr"].strip(), where
                assert target["datasource"]["uid"] == datasource["uid"], where


def test_every_variable_a_query_uses_is_defined() -> None:
    for name, dashboard in dashboards().items():
        defined = {v["name"] for v in dashboard["templating"]["list"]}
        for panel in data_panels(dashboard):
            for target in panel["targets"]:
                used = {v for v in USED_VARIABLE.findall(target["expr"]) if not v.startswith("__")}
                assert used <= defined, f"{name} / {panel['title']}: undefined {used - defined}"
        for variable in dashboard["templating"]["list"]:
            selector, label = variable_selector(variable["definition"])
            used = set(USED_VARIABLE.findall(selector))
            assert used <= defined - {variable["name"]}, f"{name}: {variable['name']}"
            assert variable["datasource"]["uid"] == provisioned_datasource()["uid"]
            assert label == variable["name"] or variable["name"] == "subscriber"


def test_dashboards_filter_by_service_program_and_region() -> None:
    variables = {
        d["uid"]: {v["name"] for v in d["templating"]["list"]} for d in dashboards().values()
    }
    assert {"service", "subscriber"} <= variables["twoway-platform"]
    assert {"program", "region"} <= variables["twoway-programs"]
    assert {"program", "region"} <= variables["twoway-matching"]


def test_dashboards_show_what_operators_and_program_admins_need() -> None:
    def queries(uid: str) -> str:
        (dashboard,) = [d for d in dashboards().values() if d["uid"] == uid]
        return " ".join(t["expr"] for p in data_panels(dashboard) for t in p["targets"])

    platform = queries("twoway-platform")
    for needed in (
        "faststream_received_processed_messages_total",
        "faststream_received_processed_messages_duration_seconds_bucket",
        "twoway_dead_letters_total",
        "kafka_consumergroup_lag",
        "process_resident_memory_bytes",
        "process_cpu_seconds_total",
    ):
        assert needed in platform, needed
    programs = queries("twoway-programs")
    for needed in (
        "twoway_matching_participants",
        "twoway_matching_match_rate",
        "twoway_matching_mean_pair_score",
        "twoway_scheduling_sessions_completed_total",
        "twoway_scheduling_sessions_missed_total",
        "twoway_feedback_rating_value_sum",
        "twoway_feedback_pairs_at_risk",
        "sum by (channel) (increase(twoway_notifications_sent_total",
    ):
        assert needed in programs, needed
    matching = queries("twoway-matching")
    for needed in (
        "twoway_matching_round_duration_seconds_bucket",
        "twoway_matching_candidate_graph_pairs",
        "twoway_matching_gap_to_bound",
    ):
        assert needed in matching, needed


def test_panels_fit_the_grid_without_overlapping() -> None:
    for name, dashboard in dashboards().items():
        boxes = [(p["title"], p["gridPos"]) for p in dashboard["panels"]]
        for title, box in boxes:
            assert box["x"] >= 0, f"{name} / {title}"
            assert box["x"] + box["w"] <= 24, f"{name} / {title}"
        for (a_title, a), (b_title, b) in combinations(boxes, 2):
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, f"{name}: {a_title!r} overlaps {b_title!r}"


def test_grafana_provisioning_loads_the_dashboards_compose_mounts() -> None:
    providers = yaml.safe_load((PROVISIONING / "dashboards" / "twoway.yml").read_text())
    (provider,) = providers["providers"]
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in mounts
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in mounts
    assert provisioned_datasource()["url"] == "http://prometheus:9090"


def test_the_platform_dashboard_shows_the_portals_pages_by_route() -> None:
    (platform,) = [d for d in dashboards().values() if d["uid"] == "twoway-platform"]
    portal = [
        panel
        for panel in data_panels(platform)
        if any('service="portal"' in t["expr"] for t in panel["targets"])
    ]
    expressions = " ".join(t["expr"] for p in portal for t in p["targets"])
    assert "rate(twoway_http_requests_total" in expressions
    assert 'status=~"5.."' in expressions
    assert "histogram_quantile(0.95" in expressions
    assert "twoway_http_request_duration_seconds_bucket" in expressions
    assert all(
        "route" in t["legendFormat"] or t["legendFormat"] == "all pages"
        for p in portal
        for t in p["targets"]
    )
