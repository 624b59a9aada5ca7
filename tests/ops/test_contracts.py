"""The published contracts match the code and pass the official validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from cli.asyncapi_messages import PRODUCERS
from cli.contracts import CONTRACTS_DIR, available_services, differences, generate
from shared.events import EVENT_CLASSES, encode_event
from shared.events.catalog import STREAMS
from shared.events.topics import DEFAULT_PREFIX, all_topics
from tests.ops.toolchain import REPO_ROOT, node_with, run, tools_python_script
from tests.unit.shared.sample_events import sample

VALIDATE_ASYNCAPI = REPO_ROOT / "deploy" / "tools" / "validate-asyncapi.cjs"


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return generate()


def load(relative: str) -> dict[str, Any]:
    return dict(json.loads((CONTRACTS_DIR / relative).read_text(encoding="utf-8")))


def asyncapi_verdicts(files: list[Path]) -> list[dict[str, Any]]:
    node = node_with("@asyncapi/parser")
    result = run([node, VALIDATE_ASYNCAPI, *files])
    if result.returncode not in (0, 1):
        pytest.fail(f"AsyncAPI parser crashed:\n{result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_committed_contracts_match_the_code(generated: dict[str, str]) -> None:
    assert differences(generated) == [], "run `twoway contracts write` and commit contracts/"


def test_every_service_publishes_an_asyncapi_and_an_openapi_document(
    generated: dict[str, str],
) -> None:
    services = available_services()
    assert services == ["matching", "scheduling", "feedback", "notifications", "directory"]
    for service in services:
        assert f"asyncapi/{service}.json" in generated
        assert f"openapi/{service}.json" in generated


def test_asyncapi_documents_pass_the_official_parser() -> None:
    files = sorted((CONTRACTS_DIR / "asyncapi").glob("*.json"))
    verdicts = asyncapi_verdicts(files)
    assert [Path(v["file"]).name for v in verdicts] == [f.name for f in files]
    for verdict in verdicts:
        errors = [p for p in verdict["problems"] if p["severity"] == "error"]
        assert verdict["valid"], f"{verdict['file']}: {errors}"
        assert verdict["version"] == "3.0.0"
        assert verdict["channels"] > 0
        assert verdict["messages"] > 0


def test_asyncapi_parser_rejects_a_document_with_a_wrong_binding(tmp_path: Path) -> None:
    document = load("asyncapi/twoway.json")
    channel = document["channels"][f"{DEFAULT_PREFIX}pairs"]
    channel["bindings"]["kafka"]["partitions"] = "twelve"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    (verdict,) = asyncapi_verdicts([broken])
    assert not verdict["valid"]
    assert any("partitions" in p["path"] for p in verdict["problems"])


def test_platform_document_lists_every_topic_with_partitions_and_key() -> None:
    document = load("asyncapi/twoway.json")
    channels = document["channels"]
    topics = all_topics(DEFAULT_PREFIX)
    assert {c["address"] for c in channels.values()} == set(topics)
    messages = document["components"]["messages"]
    for channel in channels.values():
        assert channel["bindings"]["kafka"]["partitions"] == topics[channel["address"]]
        stream = channel["address"].removeprefix(DEFAULT_PREFIX)
        for ref in channel["messages"].values():
            key = messages[ref["$ref"].rsplit("/", 1)[1]]["bindings"]["kafka"]["key"]
            if stream in STREAMS:
                assert key["description"] == STREAMS[stream][1]


def test_platform_document_carries_the_schema_of_every_event() -> None:
    schemas = load("asyncapi/twoway.json")["components"]["schemas"]
    assert set(EVENT_CLASSES) <= set(schemas)


def operations_by_action(document: dict[str, Any], action: str) -> set[str]:
    channels = document["channels"]
    return {
        channels[operation["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
        for operation in document["operations"].values()
        if operation["action"] == action
    }


def test_service_documents_show_what_each_service_consumes() -> None:
    consumed = {
        service: operations_by_action(load(f"asyncapi/{service}.json"), "receive")
        for service in available_services()
    }
    # Each service reads the programs and participants streams it builds read models from,
    # except matching, which owns them and reads only participants (bulk imports) and feedback.
    for service in ("scheduling", "feedback", "notifications"):
        assert {f"{DEFAULT_PREFIX}programs", f"{DEFAULT_PREFIX}pairs"} <= consumed[service]
    assert f"{DEFAULT_PREFIX}feedback" in consumed["matching"]
    assert f"{DEFAULT_PREFIX}sessions" in consumed["feedback"]


def test_service_documents_show_what_each_service_sends() -> None:
    for service in available_services():
        sent = operations_by_action(load(f"asyncapi/{service}.json"), "send")
        written = {DEFAULT_PREFIX + s for s, producer in PRODUCERS.items() if producer == service}
        assert sent == written | {f"{DEFAULT_PREFIX}dlq.{service}"}, service


def test_every_message_describes_the_kafka_headers_the_services_set() -> None:
    envelope = set(sample("PairCreated").envelope_headers())
    assert envelope == {"event_type", "event_id", "schema_version", "correlation_id"}
    for path in sorted((CONTRACTS_DIR / "asyncapi").glob("*.json")):
        document = load(f"asyncapi/{path.name}")
        messages = document["components"]["messages"]
        for channel in document["channels"].values():
            for ref in channel["messages"].values():
                headers = messages[ref["$ref"].rsplit("/", 1)[1]]["headers"]
                if ".dlq." in channel["address"]:
                    assert "x-dlq-reason" in headers["required"]
                    continue
                assert set(headers["required"]) == envelope, path.name
                assert "causation_id" in headers["properties"]


def test_every_payload_schema_requires_its_discriminator() -> None:
    for path in sorted((CONTRACTS_DIR / "asyncapi").glob("*.json")):
        schemas = load(f"asyncapi/{path.name}")["components"].get("schemas", {})
        for name, schema in schemas.items():
            if "event_type" in schema.get("properties", {}):
                assert {"event_type", "schema_version"} <= set(schema["required"]), name


def test_openapi_documents_pass_openapi_spec_validator() -> None:
    validator = tools_python_script("openapi-spec-validator")
    files = sorted((CONTRACTS_DIR / "openapi").glob("*.json"))
    assert len(files) == 5
    result = run([validator, *files])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(files), result.stdout


def test_openapi_documents_describe_the_operations_endpoints() -> None:
    for service in available_services():
        paths = load(f"openapi/{service}.json")["paths"]
        assert {"/healthz", "/readyz"} <= set(paths), service
        assert len(paths) > 2, f"{service} publishes no API of its own"


@pytest.mark.parametrize("event_type", sorted(EVENT_CLASSES))
def test_event_schema_accepts_the_event_as_encoded_on_the_wire(event_type: str) -> None:
    schema = load(f"events/{event_type}.schema.json")
    assert jsonschema_rs.meta.is_valid(schema)
    wire = json.loads(encode_event(sample(event_type)))
    jsonschema_rs.validator_for(schema).validate(wire)
    wrong = {**wire, "unexpected_field": 1}
    assert not jsonschema_rs.validator_for(schema).is_valid(wrong)
