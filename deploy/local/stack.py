"""The detached local stack behind `python -m deploy.local up|down|status`.

Kafka and SecantusDB keep their data under the run directory, so `down` then `up` brings back
the same topics, offsets and documents, on the same ports when they are still free.
Services are added to `SERVICES`; each gets the infrastructure addresses in its environment.
A service whose spec asks for a database of its own gets a SecantusDB server of its own (each
service owns its database anyway, and one server per service spreads the load over the cores);
otherwise every process shares one.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from deploy.local.kafka import KafkaServer
from deploy.local.managed_server import ManagedServer
from deploy.local.mongo import MongoServer
from deploy.local.process import (
    REPO_ROOT,
    InfraError,
    ManagedProcess,
    port_accepts,
    preferred_port,
    signal_group,
    wait_group_gone,
    wait_until,
)
from deploy.local.prometheus import http_status, prometheus_command, prometheus_config
from deploy.local.stack_state import (
    is_alive,
    ports_path,
    read_json,
    record_of,
    state_path,
    write_json,
)

DEFAULT_RUN_DIR = REPO_ROOT / ".run"
DEFAULT_PREFIX = "twoway."
STREAM_TOPICS = ("programs", "participants", "pairs", "sessions", "feedback", "notifications")
DLQ_TOPICS = ("dlq.matching", "dlq.scheduling", "dlq.feedback", "dlq.notifications")


def default_topics(
    prefix: str = DEFAULT_PREFIX, partitions: int = 12, dlq_partitions: int = 3
) -> dict[str, int]:
    """Used when the shared event contracts do not provide the topic list."""
    topics = {f"{prefix}{name}": partitions for name in STREAM_TOPICS}
    topics.update({f"{prefix}{name}": dlq_partitions for name in DLQ_TOPICS})
    return topics


Database = Literal["shared", "own", "none"]


@dataclass(frozen=True)
class ProcessSpec:
    """A process started after the infrastructure is ready.

    `argv` and `env` values are formatted with: port (a free port for its HTTP API),
    kafka_bootstrap_servers, mongo_uri, topic_prefix, run_dir. With `ready_path` set, `up`
    waits until GET http://127.0.0.1:{port}{ready_path} answers 200.
    """

    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    ready_path: str | None = "/readyz"
    startup_timeout: float = 60.0
    scheme: str = "http"
    port: int | None = None
    """A port chosen beforehand (others must know it before this process starts)."""
    database: Database = "shared"
    """Its TWOWAY_MONGO_URI: the shared SecantusDB server, one of its own, or none at all."""


# The services of the stack, started in this order and stopped in reverse.
SERVICES: list[ProcessSpec] = []


def up(
    topics: Mapping[str, int],
    *,
    run_dir: Path = DEFAULT_RUN_DIR,
    topic_prefix: str = DEFAULT_PREFIX,
    services: Sequence[ProcessSpec] | None = None,
    preferred: Mapping[str, int] | None = None,
    with_prometheus: bool = False,
) -> dict[str, Any]:
    """Start Kafka (with `topics`), SecantusDB and `services` detached; returns the stack state.

    One SecantusDB server for each service that asks for its own database; a shared one
    (`secantusdb`) for the others, if any.
    """
    run_dir = run_dir.resolve()
    state = read_json(state_path(run_dir))
    if any(is_alive(r) for r in state.get("processes", [])):
        raise InfraError(f"the stack in {run_dir} is already running; run `down` first")
    specs = list(SERVICES if services is None else services)
    ports = {**(preferred or {}), **read_json(ports_path(run_dir))}
    logs = run_dir / "logs"
    state = {"run_dir": str(run_dir), "topic_prefix": topic_prefix, "processes": []}
    try:
        kafka = KafkaServer(
            run_dir / "kafka",
            port=ports.get("kafka"),
            controller_port=ports.get("kafka_controller"),
            log_path=logs / "kafka.log",
            detached=True,
        )
        _start_server(kafka, "kafka", state)
        kafka.create_topics(topics)
        values = {
            "kafka_bootstrap_servers": kafka.bootstrap_servers,
            "topic_prefix": topic_prefix,
            "run_dir": str(run_dir),
        }
        owners = [spec.name for spec in specs if spec.database == "own"]
        shared = [""] if not specs or any(s.database == "shared" for s in specs) else []
        for owner in [*shared, *owners]:
            name = f"secantusdb-{owner}" if owner else "secantusdb"
            mongo = MongoServer(
                run_dir / name / "data",
                work_dir=run_dir / name,
                port=ports.get(name),
                log_path=logs / f"{name}.log",
                detached=True,
            )
            _start_server(mongo, name, state)
            values[f"{owner}_mongo_uri" if owner else "mongo_uri"] = mongo.uri

        for spec in specs:
            record = _start_service(spec, values, ports, logs)
            state["processes"].append(record)
            values[f"{spec.name}_port"] = str(record["ports"][spec.name])
            write_json(state_path(run_dir), state)
        if with_prometheus:
            state["processes"].append(_start_prometheus(state["processes"], values, ports, logs))
            write_json(state_path(run_dir), state)
    except BaseException:
        down(run_dir=run_dir)
        raise
    for record in state["processes"]:
        ports.update(record.get("ports", {}))
    write_json(ports_path(run_dir), ports)
    return state


def _start_server(server: ManagedServer, name: str, state: dict[str, Any]) -> None:
    """Start `server` and record it at once, so a failure later still stops it."""
    server.start()
    state["processes"].append(
        record_of(
            name,
            server.process,
            address=server.address,
            ports=server.named_ports(name),
            ready_seconds=round(server.ready_seconds or 0.0, 2),
        )
    )
    write_json(state_path(Path(state["run_dir"])), state)


def _start_service(
    spec: ProcessSpec, values: Mapping[str, str], ports: Mapping[str, int], logs: Path
) -> dict[str, Any]:
    port = spec.port if spec.port is not None else preferred_port(ports.get(spec.name))
    mongo_uri = {
        "own": values.get(f"{spec.name}_mongo_uri"),
        "shared": values.get("mongo_uri"),
    }.get(spec.database)
    fill = {**values, "port": str(port), "mongo_uri": mongo_uri or ""}
    env = {
        "TWOWAY_KAFKA_BOOTSTRAP_SERVERS": fill["kafka_bootstrap_servers"],
        **({"TWOWAY_MONGO_URI": mongo_uri} if mongo_uri else {}),
        "TWOWAY_TOPIC_PREFIX": fill["topic_prefix"],
        "TWOWAY_HTTP_PORT": fill["port"],
        **{key: value.format(**fill) for key, value in spec.env.items()},
    }
    process = ManagedProcess(
        spec.name,
        [arg.format(**fill) for arg in spec.argv],
        logs / f"{spec.name}.log",
        env=env,
        cwd=REPO_ROOT,
        detached=True,
    )
    process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        if spec.ready_path is not None:
            wait_until(
                lambda: http_status(url + spec.ready_path) == 200,  # type: ignore[operator]
                process=process,
                what="ready",
                timeout=spec.startup_timeout,
            )
        else:
            wait_until(
                lambda: port_accepts(port),
                process=process,
                what="listening",
                timeout=spec.startup_timeout,
            )
    except BaseException:
        process.kill()
        raise
    return record_of(
        spec.name,
        process,
        address=f"{spec.scheme}://127.0.0.1:{port}",
        ports={spec.name: port},
        metrics=spec.ready_path == "/readyz",
    )


def _start_prometheus(
    started: Sequence[Mapping[str, Any]],
    values: dict[str, str],
    ports: Mapping[str, int],
    logs: Path,
) -> dict[str, Any]:
    """Prometheus scraping every service that serves /metrics (those with a readiness path)."""
    run_dir = Path(values["run_dir"])
    targets = {
        str(r["name"]): str(r["address"]).split("://", 1)[1] for r in started if r.get("metrics")
    }
    (run_dir / "prometheus.yml").write_text(prometheus_config(targets), encoding="utf-8")
    spec = ProcessSpec(
        name="prometheus",
        argv=[
            prometheus_command(),
            "--config.file={run_dir}/prometheus.yml",
            "--storage.tsdb.path={run_dir}/prometheus",
            "--web.enable-lifecycle",
            "--web.listen-address=127.0.0.1:{port}",
        ],
        ready_path="/-/ready",
    )
    return _start_service(spec, values, ports, logs)


def down(*, run_dir: Path = DEFAULT_RUN_DIR, timeout: float = 30.0) -> list[str]:
    """Stop every recorded process, newest first (services before the infrastructure)."""
    run_dir = run_dir.resolve()
    state = read_json(state_path(run_dir))
    stopped: list[str] = []
    for record in reversed(state.get("processes", [])):
        if not is_alive(record):
            continue
        pgid = int(record["pid"])
        signal_group(pgid, signal.SIGTERM)
        if not wait_group_gone(pgid, timeout):
            signal_group(pgid, signal.SIGKILL)
            wait_group_gone(pgid, 10.0)
        stopped.append(str(record["name"]))
    state_path(run_dir).unlink(missing_ok=True)
    return stopped


def status(*, run_dir: Path = DEFAULT_RUN_DIR) -> list[dict[str, Any]]:
    state = read_json(state_path(run_dir.resolve()))
    return [{**record, "alive": is_alive(record)} for record in state.get("processes", [])]
