"""Alert rules: promtool accepts them, they fire when they should, each one carries a runbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from shared.events.topics import SERVICES
from tests.ops.observability_files import (
    PROMETHEUS_CONFIG,
    RULES_DIR,
    alert_rules,
    rule_groups,
)
from tests.ops.toolchain import binary, run

CASES = Path(__file__).with_name("alert_rule_cases.yml")


def test_rule_files_pass_promtool_check() -> None:
    promtool = binary("promtool")
    files = sorted(RULES_DIR.glob("*.yml"))
    assert files
    result = run([promtool, "check", "rules", *files])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alert_rules())} rules found" in result.stdout


def test_compose_prometheus_config_and_its_rules_pass_promtool_check() -> None:
    promtool = binary("promtool")
    result = run([promtool, "check", "config", PROMETHEUS_CONFIG])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


def test_alerts_fire_when_they_should_and_not_before(tmp_path: Path) -> None:
    promtool = binary("promtool")
    # promtool compares annotations verbatim; the cases check when and with which labels.
    for name, groups in rule_groups().items():
        for group in groups:
            for rule in group["rules"]:
                rule.pop("annotations", None)
        (tmp_path / name).write_text(yaml.safe_dump({"groups": groups}))
    shutil.copy(CASES, tmp_path / CASES.name)
    result = run([promtool, "test", "rules", tmp_path / CASES.name])
    assert result.returncode == 0, result.stdout + result.stderr
    cases = yaml.safe_load(CASES.read_text())["tests"]
    tested = {t["alertname"] for case in cases for t in case["alert_rule_test"]}
    assert tested == {rule["alert"] for rule in alert_rules()}


def test_the_alerts_ops_asked_for_exist() -> None:
    names = {rule["alert"] for rule in alert_rules()}
    assert {
        "TwowayDeadLettersReceived",
        "TwowayConsumerLagGrowing",
        "TwowayErrorRateHigh",
        "TwowayTimerLagging",
        "TwowayNotificationsFailing",
        "TwowayNoSuccessfulMatchingRound",
    } <= names


def test_every_alert_has_a_severity_a_summary_and_a_runbook() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        annotations = rule["annotations"]
        assert annotations["summary"].strip(), rule["alert"]
        assert annotations["description"].strip(), rule["alert"]
        assert len(annotations["runbook"].split()) >= 25, f"{rule['alert']}: runbook too thin"


def test_prometheus_scrapes_every_service_and_kafka_exporter() -> None:
    config = yaml.safe_load(PROMETHEUS_CONFIG.read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    discovered = {name for sd in jobs["twoway"]["dns_sd_configs"] for name in sd["names"]}
    assert discovered == {*SERVICES, "portal"}  # the portal has the services' HTTP metrics
    assert jobs["twoway"]["honor_labels"] is True
    assert jobs["kafka-exporter"]["static_configs"][0]["targets"] == ["kafka-exporter:9308"]
    assert config["rule_files"] == ["rules/*.yml"]
