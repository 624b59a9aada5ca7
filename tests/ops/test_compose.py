"""docker-compose.yml as `docker compose` would load it (compose-go), checked for what ops need.

There is no Docker engine here: the file is validated and normalised by compose-go, the library
behind `docker compose config` (schema, interpolation, anchors, depends_on consistency), and the
normalised project is inspected. Images are not pulled and containers are not started.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from services.portal.settings import PortalSettings
from shared.events.topics import SERVICES, all_topics
from tests.ops.service_settings import env_names
from tests.ops.toolchain import REPO_ROOT, binary, run

COMPOSE = REPO_ROOT / "docker-compose.yml"
TOPIC_SCRIPT = REPO_ROOT / "deploy" / "docker" / "create-topics.sh"
ONE_SHOT = {"kafka-topics"}


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    result = run([binary("composecheck"), COMPOSE], env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_compose_file_is_valid_for_docker_compose(project: dict[str, Any]) -> None:
    assert project["name"] == "twoway"
    expected = {
        *SERVICES,
        "kafka",
        "kafka-topics",
        "mongo",
        "mailpit",
        "kafka-exporter",
        "prometheus",
        "grafana",
        "idp",
        "portal",
    }
    assert set(project["services"]) == expected


def test_compose_go_rejects_a_service_depending_on_nothing(tmp_path: Any) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(
        COMPOSE.read_text().replace(
            "kafka-topics:\n      condition", "kafka-topicz:\n      condition"
        )
    )
    result = run([binary("composecheck"), broken])
    assert result.returncode != 0
    assert "kafka-topicz" in result.stderr


def test_every_long_running_service_has_a_health_check(project: dict[str, Any]) -> None:
    for name, service in project["services"].items():
        if name in ONE_SHOT:
            assert service["restart"] == "no"
            continue
        health = service.get("healthcheck", {})
        assert health.get("test"), f"{name} has no health check"
        assert not health.get("disable"), f"{name} disables its health check"


def test_start_order_waits_for_health_not_just_for_start(project: dict[str, Any]) -> None:
    services = project["services"]
    for name in SERVICES:
        depends = services[name]["depends_on"]
        assert depends["kafka-topics"]["condition"] == "service_completed_successfully"
        assert depends["mongo"]["condition"] == "service_healthy"
    assert services["notifications"]["depends_on"]["mailpit"]["condition"] == "service_healthy"
    assert services["kafka-topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert services["grafana"]["depends_on"]["prometheus"]["condition"] == "service_healthy"


def test_the_four_services_run_one_image_and_scale_without_port_clashes(
    project: dict[str, Any],
) -> None:
    services = [project["services"][name] for name in SERVICES]
    assert {s["image"] for s in services} == {"twoway:local"}
    assert {(s["build"]["context"], s["build"]["dockerfile"]) for s in services} == {
        (".", "deploy/Dockerfile")
    }
    for name, service in zip(SERVICES, services, strict=True):
        assert service["command"] == ["python", "-m", f"services.{name}"]
        # A fixed host port would make `--scale` fail on the second replica.
        assert all(not port.get("published") for port in service.get("ports", [])), name
        assert "container_name" not in service


def test_services_get_only_settings_they_read(project: dict[str, Any]) -> None:
    for name in SERVICES:
        environment = project["services"][name]["environment"]
        assert set(environment) <= env_names(name), set(environment) - env_names(name)
        assert environment["TWOWAY_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:19092"
        assert "replicaSet=rs0" in environment["TWOWAY_MONGO_URI"]
    notifications = project["services"]["notifications"]["environment"]
    assert (notifications["TWOWAY_SMTP_HOST"], notifications["TWOWAY_SMTP_PORT"]) == (
        "mailpit",
        "1025",
    )


def test_mongo_runs_as_a_replica_set_initiated_by_its_health_check(
    project: dict[str, Any],
) -> None:
    mongo = project["services"]["mongo"]
    assert mongo["image"].startswith("mongo:8")
    assert mongo["command"][:2] == ["--replSet", "rs0"]
    script = REPO_ROOT / "deploy" / "docker" / "mongo-replica-set.js"
    assert script.name in " ".join(mongo["healthcheck"]["test"])
    assert 'rs.initiate({ _id: "rs0"' in script.read_text()


def test_kafka_is_kraft_without_topic_auto_creation(project: dict[str, Any]) -> None:
    kafka = project["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert kafka["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert kafka["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


def test_topic_script_creates_every_topic_with_its_partition_count() -> None:
    created = dict(re.findall(r"^create (\S+) (\d+)$", TOPIC_SCRIPT.read_text(), re.MULTILINE))
    assert {topic: int(n) for topic, n in created.items()} == all_topics("")


def test_every_file_compose_mounts_exists(project: dict[str, Any]) -> None:
    for name, service in project["services"].items():
        for volume in service.get("volumes", []):
            if volume["type"] == "bind":
                assert (REPO_ROOT / volume["source"]).exists(), f"{name}: {volume['source']}"


def test_dockerfile_copies_only_what_exists_and_the_ignore_file_lets_through() -> None:
    dockerfile = (REPO_ROOT / "deploy" / "Dockerfile").read_text()
    allowed = {
        line.removeprefix("!").rstrip("/")
        for line in (REPO_ROOT / "deploy" / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    sources = [
        parts[1]
        for line in dockerfile.splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for parts in [line.split()]
    ]
    assert sources, "the Dockerfile copies nothing"
    for source in sources:
        path = source.removeprefix("./").rstrip("/")
        assert (REPO_ROOT / path).exists(), source
        let_through = {path, *(str(parent) for parent in Path(path).parents)}
        assert let_through & allowed, f"{source} is excluded by Dockerfile.dockerignore"
    assert 'CMD ["python", "-m", "services.matching"]' in dockerfile
    assert "USER 10001:10001" in dockerfile


def test_portal_and_services_share_the_local_providers_issuer(project: dict[str, Any]) -> None:
    services = project["services"]
    idp, portal = services["idp"]["environment"], services["portal"]["environment"]
    issuer = idp["TWOWAY_IDP_ISSUER"]
    # One issuer for the browser (on the host) and the portal (in the network): the provider's
    # network alias is the issuer's host name, and the host reaches it on the published port.
    host, port = urlsplit(issuer).hostname, str(urlsplit(issuer).port)
    assert host in services["idp"]["networks"]["default"]["aliases"]
    assert [p["published"] for p in services["idp"]["ports"]] == [port]
    assert portal["TWOWAY_OIDC_ISSUER"] == issuer
    assert portal["TWOWAY_OIDC_CLIENT_SECRET"] == idp["TWOWAY_IDP_CLIENT_SECRET"]
    assert idp["TWOWAY_IDP_PORTAL_URL"] == portal["TWOWAY_PORTAL_PUBLIC_URL"]
    for name in SERVICES:
        environment = services[name]["environment"]
        assert issuer in environment["TWOWAY_AUTH_ISSUER"].split(",")
        assert "twoway-local" in environment["TWOWAY_AUTH_ISSUER"].split(",")
        assert environment["TWOWAY_AUTH_JWKS_URL"] == f"{issuer}/jwks"
    assert (
        services["notifications"]["environment"]["TWOWAY_APP_BASE_URL"]
        == (portal["TWOWAY_PORTAL_PUBLIC_URL"])
    )


def test_portal_runs_the_service_image_and_gets_only_settings_it_reads(
    project: dict[str, Any],
) -> None:
    portal = project["services"]["portal"]
    assert portal["image"] == "twoway:local"
    assert portal["command"] == ["python", "-m", "services.portal"]
    readable = {f"TWOWAY_{name}".upper() for name in PortalSettings.model_fields}
    assert set(portal["environment"]) <= readable, set(portal["environment"]) - readable
    for name in (s for s in SERVICES if s != "directory"):  # SCIM is for IdPs
        assert portal["environment"][f"TWOWAY_{name.upper()}_URL"] == f"http://{name}:8000"
    assert portal["depends_on"]["idp"]["condition"] == "service_healthy"
    assert [p["published"] for p in portal["ports"]] == ["8080"]


def test_the_provider_image_installs_its_pinned_package_from_the_registry(
    project: dict[str, Any],
) -> None:
    build = project["services"]["idp"]["build"]
    context = REPO_ROOT / build["context"]
    dockerfile = (context / build["dockerfile"]).read_text()
    package = json.loads((context / "package.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["oidc-provider"])
    assert "npm install" in dockerfile
    assert "--no-package-lock" in dockerfile
    assert "://" not in dockerfile
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (context / source).is_file(), source
