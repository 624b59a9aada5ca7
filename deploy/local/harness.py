"""The four services as real processes on given Kafka and MongoDB servers.

Used by the end-to-end and reliability suites and the pipeline benchmark: start any number of
instances of a service, kill -9 one, restart it, and reach its API.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.process import REPO_ROOT, ManagedProcess, free_port, wait_until
from deploy.local.prometheus import http_status

SERVICES = ("matching", "scheduling", "feedback", "notifications")
OPTIONAL_SERVICES = ("directory",)
"""Started only when a test asks for them (not by `start_all`)."""


@dataclass
class ServiceInstance:
    name: str
    instance: int
    port: int
    process: ManagedProcess

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Platform:
    """Service processes sharing one topic prefix and one database name per service."""

    bootstrap_servers: str
    mongo_uri: str
    """The database server of every service without one of its own in `mongo_uris`."""
    work_dir: Path
    topic_prefix: str = "twoway."
    database_suffix: str = ""
    auth_secret: str = "local-platform-secret-please-change"
    extra_env: Mapping[str, str] = field(default_factory=dict)
    instances: dict[tuple[str, int], ServiceInstance] = field(default_factory=dict)
    mongo_uris: Mapping[str, str] = field(default_factory=dict)
    """Services on a database server of their own, as `make up` runs them: name -> its URI."""

    def mongo_uri_of(self, name: str) -> str:
        uri = self.mongo_uris.get(name, self.mongo_uri)
        if not uri:
            raise ValueError(f"no database server for {name!r}")
        return uri

    def env_for(self, name: str, port: int) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "TWOWAY_SERVICE_NAME": name,
            "TWOWAY_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "TWOWAY_MONGO_URI": self.mongo_uri_of(name),
            "TWOWAY_MONGO_DATABASE": f"twoway_{name}{self.database_suffix}",
            "TWOWAY_TOPIC_PREFIX": self.topic_prefix,
            "TWOWAY_HTTP_HOST": "127.0.0.1",
            "TWOWAY_HTTP_PORT": str(port),
            "TWOWAY_AUTH_HS256_SECRET": self.auth_secret,
            "TWOWAY_CLOCK_MODE": "manual",
            "TWOWAY_OUTBOX_RELAY_INTERVAL_SECONDS": "1",
        }
        env.update(self.extra_env)
        return env

    def start(
        self, name: str, instance: int = 0, *, wait: bool = True, timeout: float = 90.0
    ) -> ServiceInstance:
        if name not in (*SERVICES, *OPTIONAL_SERVICES):
            raise ValueError(f"unknown service {name!r}")
        previous = self.instances.get((name, instance))
        port = previous.port if previous is not None else free_port()
        process = ManagedProcess(
            f"{name}-{instance}",
            [sys.executable, "-m", f"services.{name}"],
            self.work_dir / "logs" / f"{name}-{instance}.log",
            env=self.env_for(name, port),
            cwd=REPO_ROOT,
        )
        process.start()
        started = ServiceInstance(name, instance, port, process)
        self.instances[(name, instance)] = started
        if wait:
            self.wait_ready(started, timeout)
        return started

    def wait_ready(self, service: ServiceInstance, timeout: float = 90.0) -> None:
        wait_until(
            lambda: http_status(service.url + "/readyz") == 200,
            process=service.process,
            what=f"{service.name} ready",
            timeout=timeout,
        )

    def start_all(self, instances: Mapping[str, int] | None = None) -> None:
        counts = instances or {}
        started = [
            self.start(name, i, wait=False) for name in SERVICES for i in range(counts.get(name, 1))
        ]
        for service in started:
            self.wait_ready(service)

    def kill(self, name: str, instance: int = 0) -> None:
        self.instances[(name, instance)].process.kill()

    def stop(self, name: str, instance: int = 0) -> None:
        self.instances[(name, instance)].process.stop()

    def restart(self, name: str, instance: int = 0, *, kill: bool = True) -> ServiceInstance:
        current = self.instances[(name, instance)]
        if kill:
            current.process.kill()
        else:
            current.process.stop()
        return self.start(name, instance)

    def url(self, name: str, instance: int = 0) -> str:
        return self.instances[(name, instance)].url

    def log_paths(self) -> list[Path]:
        return sorted((self.work_dir / "logs").glob("*.log"))

    def stop_all(self) -> None:
        for service in self.instances.values():
            if service.process.running():
                service.process.stop()

    def scrape_targets(self) -> dict[str, str]:
        return {f"{s.name}-{s.instance}": f"127.0.0.1:{s.port}" for s in self.instances.values()}
