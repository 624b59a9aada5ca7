"""Kubernetes manifests: every regional overlay renders with kustomize and validates strictly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.portal.settings import PortalSettings
from shared.events.topics import SERVICES
from tests.ops.service_settings import env_names
from tests.ops.toolchain import REPO_ROOT, binary, kubernetes_schemas, run

K8S = REPO_ROOT / "deploy" / "k8s"
REGIONS = ("emea", "apac", "americas")
KUBERNETES_VERSION = "1.33.0"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    kustomize = binary("kustomize")
    overlays = sorted(p.name for p in (K8S / "overlays").iterdir() if p.is_dir())
    assert overlays == sorted(REGIONS)
    output = {}
    for region in REGIONS:
        result = run([kustomize, "build", K8S / "overlays" / region])
        assert result.returncode == 0, f"{region}: {result.stderr}"
        output[region] = result.stdout
    return output


def resources(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def find(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    (found,) = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    return found


def each_service(rendered: dict[str, str]) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    for region, text in rendered.items():
        docs = resources(text)
        for service in SERVICES:
            yield region, service, docs


def config_maps(docs: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}


def test_overlays_validate_strictly_against_kubernetes_and_keda_schemas(
    rendered: dict[str, str], tmp_path: Path
) -> None:
    kubeconform = binary("kubeconform")
    schemas = kubernetes_schemas()
    manifests = []
    for region, text in rendered.items():
        manifests.append(tmp_path / f"{region}.yaml")
        manifests[-1].write_text(text)
    result = run(
        [
            kubeconform,
            "-strict",
            "-summary",
            "-kubernetes-version",
            KUBERNETES_VERSION,
            "-schema-location",
            f"{schemas}/kubernetes/{{{{.NormalizedKubernetesVersion}}}}-standalone{{{{.StrictSuffix}}}}/{{{{.ResourceKind}}}}{{{{.KindSuffix}}}}.json",
            "-schema-location",
            f"{schemas}/crd/{{{{.Group}}}}/{{{{.ResourceKind}}}}_{{{{.ResourceAPIVersion}}}}.json",
            *manifests,
        ]
    )
    count = sum(len(resources(text)) for text in rendered.values())
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing skipped and nothing without a schema: every resource was really validated.
    assert f"Valid: {count}, Invalid: 0, Errors: 0, Skipped: 0" in result.stdout, result.stdout


def test_kubeconform_rejects_an_unknown_field(tmp_path: Path) -> None:
    kubeconform = binary("kubeconform")
    schemas = kubernetes_schemas()
    manifest = tmp_path / "bad.yaml"
    manifest.write_text(
        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: x}\n"
        "spec: {scaleTargetRef: {name: x}, triggers: [], pollingIntervall: 5}\n"
    )
    result = run(
        [
            kubeconform,
            "-strict",
            "-summary",
            "-schema-location",
            f"{schemas}/crd/{{{{.Group}}}}/{{{{.ResourceKind}}}}_{{{{.ResourceAPIVersion}}}}.json",
            manifest,
        ]
    )
    assert result.returncode != 0
    assert "pollingIntervall" in result.stdout


def test_each_service_has_deployment_service_budget_and_autoscaler(
    rendered: dict[str, str],
) -> None:
    for region, service, docs in each_service(rendered):
        name = f"twoway-{service}"
        deployment = find(docs, "Deployment", name)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items(), (region, service)
        assert find(docs, "Service", name)["spec"]["selector"] == selector
        budget = find(docs, "PodDisruptionBudget", name)
        assert budget["spec"]["selector"]["matchLabels"] == selector
        assert pod_labels["twoway.io/region"] == region
        assert deployment["metadata"]["namespace"] == f"twoway-{region}"
        assert "replicas" not in deployment["spec"], "KEDA owns the replica count"


def test_autoscaling_follows_each_service_own_consumer_group(rendered: dict[str, str]) -> None:
    for _region, service, docs in each_service(rendered):
        if service == "directory":  # consumes no topic: scaled on CPU by an HPA
            hpa = find(docs, "HorizontalPodAutoscaler", "twoway-directory")
            assert hpa["spec"]["scaleTargetRef"]["name"] == "twoway-directory"
            continue
        scaled = find(docs, "ScaledObject", f"twoway-{service}")
        assert scaled["spec"]["scaleTargetRef"]["name"] == f"twoway-{service}"
        assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"] <= 12
        (trigger,) = scaled["spec"]["triggers"]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == f"twoway-{service}"
        assert trigger["metadata"]["bootstrapServersFromEnv"] == "TWOWAY_KAFKA_BOOTSTRAP_SERVERS"
        auth = find(docs, "TriggerAuthentication", trigger["authenticationRef"]["name"])
        parameters = {ref["parameter"] for ref in auth["spec"]["secretTargetRef"]}
        assert {"sasl", "username", "password", "tls", "ca"} <= parameters


def test_probes_resources_and_security(rendered: dict[str, str]) -> None:
    for region, service, docs in each_service(rendered):
        pod = find(docs, "Deployment", f"twoway-{service}")["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["command"] == ["python", "-m", f"services.{service}"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["resources"]["requests"]["cpu"]
        assert container["resources"]["limits"]["memory"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert container["image"].startswith("registry.example.com/twoway/"), (region, service)


def test_every_setting_in_the_manifests_is_one_the_service_reads(
    rendered: dict[str, str],
) -> None:
    for region, service, docs in each_service(rendered):
        pod = find(docs, "Deployment", f"twoway-{service}")["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        maps = config_maps(docs)
        names = {e["name"] for e in container.get("env", [])}
        environment: dict[str, str] = {}
        for source in container["envFrom"]:
            environment.update(maps[source["configMapRef"]["name"]])
        names |= set(environment)
        unknown = names - env_names(service)
        assert unknown == set(), f"{region}/{service} sets settings it does not have: {unknown}"
        assert environment["TWOWAY_REGION"] == region
        assert environment["TWOWAY_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        # Every configured secret file is mounted from a secret that provides it.
        mounted = {
            f"{mount['mountPath']}/{item['path']}"
            for mount in container["volumeMounts"]
            for volume in pod["volumes"]
            if volume["name"] == mount["name"] and "secret" in volume
            for item in volume["secret"]["items"]
        }
        files = {v for k, v in environment.items() if k.endswith(("_FILE", "_CAFILE"))}
        assert files, f"{region}/{service} reads no secret files"
        assert files <= mounted, f"{region}/{service}: {files - mounted}"
        assert "TWOWAY_MONGO_URI_FILE" in environment
        assert "TWOWAY_AUTH_JWKS_FILE" in environment


def test_the_portal_runs_behind_a_service_scaled_on_cpu(rendered: dict[str, str]) -> None:
    for region, text in rendered.items():
        docs = resources(text)
        deployment = find(docs, "Deployment", "twoway-portal")
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert find(docs, "Service", "twoway-portal")["spec"]["selector"] == selector
        assert (
            find(docs, "PodDisruptionBudget", "twoway-portal")["spec"]["selector"]["matchLabels"]
            == selector
        )
        autoscaler = find(docs, "HorizontalPodAutoscaler", "twoway-portal")
        assert autoscaler["spec"]["scaleTargetRef"]["name"] == "twoway-portal"
        (metric,) = autoscaler["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu"
        assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"
        assert not [d for d in docs if d["kind"] == "ScaledObject" and "portal" in str(d)]
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["command"] == ["python", "-m", "services.portal"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert deployment["metadata"]["namespace"] == f"twoway-{region}"


def test_the_portal_reads_only_its_settings_and_calls_the_regions_services(
    rendered: dict[str, str],
) -> None:
    readable = {f"TWOWAY_{name}".upper() for name in PortalSettings.model_fields}
    for region, text in rendered.items():
        docs = resources(text)
        pod = find(docs, "Deployment", "twoway-portal")["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        maps = config_maps(docs)
        environment: dict[str, str] = {}
        for source in container["envFrom"]:
            environment.update(maps[source["configMapRef"]["name"]])
        assert set(environment) <= readable, set(environment) - readable
        public = environment["TWOWAY_PORTAL_PUBLIC_URL"]
        (notifications,) = [
            data for name, data in maps.items() if name.startswith("twoway-notifications-config")
        ]
        assert public == notifications["TWOWAY_APP_BASE_URL"], region
        assert environment["TWOWAY_OIDC_ISSUER"].endswith(f"/{region}/")
        assert environment["TWOWAY_SESSION_COOKIE_SECURE"] == "true"
        for service in (s for s in SERVICES if s != "directory"):  # SCIM is for IdPs
            url = environment[f"TWOWAY_{service.upper()}_URL"]
            assert url == f"http://twoway-{service}"
            assert find(docs, "Service", f"twoway-{service}")
        mounted = {
            f"{mount['mountPath']}/{item['path']}"
            for mount in container["volumeMounts"]
            for volume in pod["volumes"]
            if volume["name"] == mount["name"] and "secret" in volume
            for item in volume["secret"]["items"]
        }
        files = {v for k, v in environment.items() if k.endswith("_FILE")}
        assert files == {
            "/var/run/secrets/twoway/mongo/uri",
            "/var/run/secrets/twoway/oidc/client-secret",
        }
        assert files <= mounted
