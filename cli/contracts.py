"""`twoway contracts write|check`: the published contracts, generated from the code.

contracts/events/<EventType>.schema.json   JSON Schema of every event (shared.events)
contracts/asyncapi/<service>.json          what each service consumes, as FastStream renders it
contracts/asyncapi/twoway.json             every topic: partitions, key, events, producer, consumers
contracts/openapi/<service>.json           each service's HTTP API, as FastAPI serves it

`check` exits 1 and lists every difference, so code and published contracts cannot drift.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import os
from argparse import Namespace, _SubParsersAction
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from cli.asyncapi_messages import PRODUCERS, add_headers, declare_sends
from shared.events import event_json_schemas
from shared.events.catalog import (
    STREAMS,
    DirectoryEvent,
    FeedbackEvent,
    NotificationEvent,
    PairEvent,
    ParticipantEvent,
    ProgramEvent,
    SessionEvent,
)
from shared.events.topics import DEFAULT_PREFIX, SERVICES, all_topics

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTRACTS_DIR = REPO_ROOT / "contracts"
VERSION = "1.0.0"
BOOTSTRAP = "kafka:9092"

# Fixed settings for rendering: building an app does not connect to anything.
RENDER_ENV = {
    "TWOWAY_KAFKA_BOOTSTRAP_SERVERS": BOOTSTRAP,
    "TWOWAY_MONGO_URI": "mongodb://mongo:27017/?replicaSet=rs0",
    "TWOWAY_AUTH_HS256_SECRET": "contract-rendering-only-not-a-secret",
    "TWOWAY_LOG_JSON": "false",
    "TWOWAY_LOG_LEVEL": "WARNING",
}

STREAM_UNIONS: dict[str, Any] = {
    "programs": ProgramEvent,
    "participants": ParticipantEvent,
    "pairs": PairEvent,
    "sessions": SessionEvent,
    "feedback": FeedbackEvent,
    "notifications": NotificationEvent,
    "directory": DirectoryEvent,
}

DLQ_HEADERS = (
    "x-dlq-service, x-dlq-source-topic, x-dlq-source-partition, x-dlq-source-offset, "
    "x-dlq-reason, x-dlq-error-type, x-dlq-error-message, x-dlq-attempts, x-dlq-failed-at "
    "(and x-dlq-truncated-from when the body was cut)"
)


def available_services() -> list[str]:
    """Services whose composition root exists; the others are published once they land."""
    return [name for name in SERVICES if importlib.util.find_spec(f"services.{name}.bootstrap")]


@contextmanager
def render_environment() -> Iterator[None]:
    """Only fixed values reach the settings, whatever the caller's shell exports."""
    saved = {key: value for key, value in os.environ.items() if key.startswith("TWOWAY_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(RENDER_ENV)
    try:
        yield
    finally:
        for key in RENDER_ENV:
            os.environ.pop(key, None)
        os.environ.update(saved)


async def _openapi(app: Any) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        response = await client.get("/openapi.json")
        response.raise_for_status()
        return dict(response.json())


def _stable(spec: dict[str, Any]) -> dict[str, Any]:
    """FastStream's order of channels and components can vary between runs; names are unique,
    so sorting them keeps the published files stable without changing their meaning."""
    for key in ("channels", "operations"):
        if key in spec:
            spec[key] = dict(sorted(spec[key].items()))
    for key, section in spec.get("components", {}).items():
        spec["components"][key] = dict(sorted(section.items()))
    return spec


def service_documents(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(AsyncAPI, OpenAPI) of one service, from the app its composition root builds."""
    with render_environment():
        bootstrap = importlib.import_module(f"services.{name}.bootstrap")
        app = bootstrap.create_app()
        for broker in app.schema.brokers:
            declare_sends(broker, name, DEFAULT_PREFIX, STREAM_UNIONS)
        asyncapi = _stable(add_headers(app.schema.to_specification().to_jsonable(), DEFAULT_PREFIX))
        openapi = asyncio.run(_openapi(app))
    return asyncapi, openapi


def received_topics(spec: dict[str, Any]) -> set[str]:
    """The topics a service document's receive operations read."""
    channels = spec.get("channels", {})
    return {
        channels[operation["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
        for operation in spec.get("operations", {}).values()
        if operation["action"] == "receive"
    }


def _consumers(service_specs: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    consumers: dict[str, list[str]] = {}
    for service, spec in service_specs.items():
        for topic in received_topics(spec):
            consumers.setdefault(topic, []).append(service)
    return {topic: sorted(set(names)) for topic, names in consumers.items()}


def platform_asyncapi(service_specs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """All topics of a deployment (default prefix), rendered by FastStream, then given the
    Kafka bindings FastStream does not emit: partition counts and message keys."""
    broker = KafkaBroker(BOOTSTRAP)
    partitions = all_topics(DEFAULT_PREFIX)
    consumers = _consumers(service_specs)
    keys: dict[str, str] = {}
    for stream, union in STREAM_UNIONS.items():
        topic = DEFAULT_PREFIX + stream
        keys[topic] = STREAMS[stream][1]
        readers = ", ".join(consumers.get(topic, [])) or "none yet"
        broker.publisher(
            topic,
            schema=union,
            title=topic,
            description=(
                f"The {stream} stream. Produced by {PRODUCERS[stream]}; consumed by {readers}. "
                f"Key: {keys[topic]} (per-entity order). Partitions: {partitions[topic]}."
            ),
        )
    for service in SERVICES:
        topic = f"{DEFAULT_PREFIX}dlq.{service}"
        keys[topic] = "the key of the failed message"
        broker.publisher(
            topic,
            schema=bytes,
            title=topic,
            description=(
                f"Dead letters of {service}: the failed message's bytes as received, with "
                f"headers {DLQ_HEADERS}. Partitions: {partitions[topic]}."
            ),
        )
    spec = (
        AsyncAPI(
            broker,
            title="Twoway event streams",
            version=VERSION,
            description=(
                "Every Kafka topic of a Twoway deployment (default prefix `twoway.`), its "
                "partition key and the events it carries. Events are JSON; `event_type` "
                "discriminates, `schema_version` is the contract's major version."
            ),
        )
        .to_specification()
        .to_jsonable()
    )
    for channel in spec["channels"].values():
        topic = channel["address"]
        channel["bindings"]["kafka"]["partitions"] = partitions[topic]
        for ref in channel["messages"].values():
            message = spec["components"]["messages"][ref["$ref"].rsplit("/", 1)[1]]
            message["bindings"] = {
                "kafka": {
                    "key": {"type": "string", "description": keys[topic]},
                    "bindingVersion": "0.4.0",
                }
            }
    return _stable(add_headers(spec, DEFAULT_PREFIX))


def generate() -> dict[str, str]:
    """Every contract file, relative path -> content."""
    files: dict[str, Any] = {}
    for event_type, schema in event_json_schemas().items():
        files[f"events/{event_type}.schema.json"] = schema
    service_specs: dict[str, dict[str, Any]] = {}
    for name in available_services():
        asyncapi, openapi = service_documents(name)
        service_specs[name] = asyncapi
        files[f"asyncapi/{name}.json"] = asyncapi
        files[f"openapi/{name}.json"] = openapi
    files["asyncapi/twoway.json"] = platform_asyncapi(service_specs)
    return {
        path: json.dumps(doc, indent=2, ensure_ascii=False) + "\n" for path, doc in files.items()
    }


def differences(generated: dict[str, str], root: Path = CONTRACTS_DIR) -> list[str]:
    problems = []
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*.json")}
    for path, content in sorted(generated.items()):
        target = root / path
        if not target.exists():
            problems.append(f"missing: contracts/{path}")
        elif target.read_text(encoding="utf-8") != content:
            problems.append(f"out of date: contracts/{path}")
    problems.extend(
        f"not generated any more: contracts/{p}" for p in sorted(on_disk - set(generated))
    )
    return problems


def write(generated: dict[str, str], root: Path = CONTRACTS_DIR) -> list[str]:
    changed = differences(generated, root)
    for stale in root.rglob("*.json"):
        if stale.relative_to(root).as_posix() not in generated:
            stale.unlink()
    for path, content in generated.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
    return changed


def add_parser(subparsers: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("contracts", help="generate or check the published contracts")
    parser.add_argument("action", choices=["write", "check"])
    parser.set_defaults(handler=run)


def run(args: Namespace) -> int:
    generated = generate()
    if args.action == "write":
        changed = write(generated)
        for line in changed:
            print(f"updated ({line})")
        print(f"{len(generated)} contract files in contracts/, {len(changed)} changed")
        return 0
    problems = differences(generated)
    for line in problems:
        print(line)
    if problems:
        print("contracts differ from the code: run `twoway contracts write`")
        return 1
    print(f"{len(generated)} contract files match the code")
    return 0
