"""A real single-node Apache Kafka 4.x (KRaft, combined broker + controller) run from Maven jars."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from deploy.local.kafka_libs import KAFKA_DIR, ensure_kafka_libs
from deploy.local.managed_server import ManagedServer
from deploy.local.process import InfraError, port_accepts, preferred_port

LOG4J_CONFIG = KAFKA_DIR / "log4j2.properties"

T = TypeVar("T")


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion from sync code, even when the caller's loop is running."""

    async def main() -> T:
        return await factory()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _cluster_id() -> str:
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):  # Kafka rejects ids that look like command-line options
            return cid


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise InfraError("Kafka needs a JDK 17+: apt-get install openjdk-17-jdk-headless")
    return java


class KafkaServer(ManagedServer):
    """Single-node KRaft Kafka on free loopback ports; data and log in `data_dir`."""

    label = "Kafka"
    process_name = "kafka"
    poll_interval = 0.2

    def __init__(
        self,
        data_dir: Path | str | None = None,
        partitions: int = 12,
        *,
        port: int | None = None,
        controller_port: int | None = None,
        log_path: Path | None = None,
        cache_dir: Path | None = None,
        heap: str = "512m",
        detached: bool = False,
        startup_timeout: float = 120.0,
    ) -> None:
        super().__init__(
            work_dir=data_dir,
            port=port,
            log_path=log_path,
            detached=detached,
            startup_timeout=startup_timeout,
        )
        self.partitions = partitions
        self._wanted_controller_port = controller_port
        self._cache_dir = cache_dir
        self.heap = heap
        self.controller_port: int | None = None
        self._java: list[str] = []

    @property
    def data_dir(self) -> Path | None:
        return self.work_dir

    @property
    def bootstrap_servers(self) -> str:
        if self.port is None:
            raise InfraError("Kafka is not started")
        return f"127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return self.bootstrap_servers

    @property
    def _config_path(self) -> Path:
        assert self.work_dir is not None
        return self.work_dir / "server.properties"

    def choose_ports(self) -> None:
        self.port = preferred_port(self._wanted_port)
        self.controller_port = preferred_port(self._wanted_controller_port)

    def forget_ports(self) -> None:
        self.port = self.controller_port = None

    def named_ports(self, name: str) -> dict[str, int]:
        if self.controller_port is None:
            raise InfraError("Kafka is not started")
        return {**super().named_ports(name), f"{name}_controller": self.controller_port}

    def prepare(self) -> None:
        assert self.work_dir is not None
        libs = ensure_kafka_libs(self._cache_dir)
        self._config_path.write_text(self._server_properties())
        self._java = [
            _java(),
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dkafka.logs.dir={self.work_dir / 'logs'}",
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            f"{libs}/*",
        ]
        if not (self.work_dir / "kafka" / "meta.properties").exists():
            self._format(self._java, self._config_path)

    def command(self) -> list[str]:
        return [*self._java, "kafka.Kafka", str(self._config_path)]

    def working_directory(self) -> Path | None:
        return None  # the caller's, as Kafka's own scripts do

    def create_topics(
        self, names: Mapping[str, int] | Iterable[str], partitions: int | None = None
    ) -> None:
        """Create topics that don't exist yet and wait until every partition has a leader.

        `names` maps topic to partition count, or is a list that uses `partitions`
        (default: the server's partition count).
        """
        if isinstance(names, Mapping):
            wanted = {str(name): int(count) for name, count in names.items()}
        else:
            wanted = {str(name): partitions or self.partitions for name in names}
        run_async(lambda: self._create_topics(wanted))

    def list_topics(self) -> list[str]:
        return run_async(self._list_topics)

    def _server_properties(self) -> str:
        assert self.work_dir is not None
        port, cport = self.port, self.controller_port
        return "\n".join(
            [
                "process.roles=broker,controller",
                "node.id=1",
                f"controller.quorum.bootstrap.servers=127.0.0.1:{cport}",
                f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
                f"advertised.listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                f"log.dirs={self.work_dir / 'kafka'}",
                f"num.partitions={self.partitions}",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                # Consumers in tests join one at a time; waiting for more members only adds latency.
                "group.initial.rebalance.delay.ms=0",
                # After a crash the restarted broker waits for its old registration to expire;
                # a short session keeps broker-restart fault tests from idling 9 s each time.
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=4000",
                "",
            ]
        )

    def _format(self, java: list[str], config: Path) -> None:
        result = subprocess.run(
            [
                *java,
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                _cluster_id(),
                "-c",
                str(config),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise InfraError(f"formatting Kafka storage failed:\n{result.stdout}\n{result.stderr}")

    def ready(self) -> bool:
        # A TCP probe first keeps the admin client from logging connection errors while the JVM
        # starts; the broker is ready once it lists itself in a metadata answer (it is left out
        # while still fenced).
        assert self.port is not None
        if not port_accepts(self.port):
            return False
        try:
            cluster = run_async(self._describe_cluster)
        except Exception:
            return False
        return bool(cluster.get("brokers"))

    def _admin(self) -> Any:
        from aiokafka.admin import AIOKafkaAdminClient

        return AIOKafkaAdminClient(
            bootstrap_servers=self.bootstrap_servers, request_timeout_ms=5000
        )

    async def _describe_cluster(self) -> dict[str, Any]:
        admin = self._admin()
        try:
            await admin.start()
            return dict(await admin.describe_cluster())
        finally:
            await admin.close()

    async def _list_topics(self) -> list[str]:
        admin = self._admin()
        try:
            await admin.start()
            return list(await admin.list_topics())
        finally:
            await admin.close()

    async def _create_topics(self, wanted: dict[str, int]) -> None:
        from aiokafka.admin import NewTopic

        topic_already_exists = 36
        admin = self._admin()
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(name, count, 1) for name, count in wanted.items() if name not in existing
            ]
            if missing:
                response = await admin.create_topics(missing)
                for name, code, message in response.topic_errors:
                    if code not in (0, topic_already_exists):
                        raise InfraError(f"creating topic {name} failed: {code} {message}")
            await self._wait_for_leaders(admin, list(wanted))
        finally:
            await admin.close()

    @staticmethod
    async def _wait_for_leaders(admin: Any, names: list[str]) -> None:
        limit = 30.0
        deadline = time.monotonic() + limit
        while True:
            described = await admin.describe_topics(names)
            ready = all(
                topic["error_code"] == 0
                and topic["partitions"]
                and all(p["leader"] >= 0 for p in topic["partitions"])
                for topic in described
            )
            if ready and len(described) == len(names):
                return
            if time.monotonic() > deadline:
                raise InfraError(f"topics without leaders after {limit:.0f}s: {names}")
            await asyncio.sleep(0.1)
