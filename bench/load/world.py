"""The run's own infrastructure: Kafka and the databases it may stop, the services, an SMTP
server.

Each service has a SecantusDB server of its own, as `make up` runs them (each service owns its
database anyway, and one server per service spreads the load over the cores: one server for
all was the run's bottleneck at a core's worth of work). SecantusDB keeps its data on disk (a
RAM-backed directory when /dev/shm exists), so stopping the databases for half a minute loses
nothing; Kafka keeps its log directory across restarts.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.load.mailbox import CountingMailbox
from deploy.local.harness import SERVICES, Platform
from deploy.local.infra import KafkaServer, MongoServer
from shared.events import Topics
from shared.events.topics import SERVICES as DLQ_SERVICES

AUTH_SECRET = "reliability-run-secret-of-a-decent-length"
STREAMS = (
    "programs",
    "participants",
    "pairs",
    "sessions",
    "feedback",
    "notifications",
    "directory",
)
STREAM_MAX_MESSAGE_BYTES = 6 * 1024 * 1024
"""The run's stream topics accept 5 MB messages so the oversized poison reaches consumers (the
broker's default of 1 MB would refuse it at the edge; `edge_refuses_large_messages` shows
that on a topic with the default)."""
EDGE_PROBE_STREAM = "edge-probe"


def _ram_dir() -> str | None:
    ram = Path("/dev/shm")
    return str(ram) if ram.is_dir() else None


def service_env(smtp_port: int) -> dict[str, str]:
    """Fast loops and retries so a run takes minutes; no quiet hours so emails go out at once."""
    return {
        "TWOWAY_LOG_LEVEL": "INFO",
        "TWOWAY_RETRY_BASE_DELAY_SECONDS": "0.05",
        "TWOWAY_RETRY_MAX_DELAY_SECONDS": "0.5",
        "TWOWAY_TIMER_POLL_SECONDS": "0.3",
        "TWOWAY_AUTO_ROUND_CHECK_SECONDS": "2",
        "TWOWAY_TIMER_SYNC_INTERVAL_SECONDS": "1",
        "TWOWAY_TIMER_INTERVAL_SECONDS": "1",
        "TWOWAY_DISPATCH_INTERVAL_SECONDS": "0.3",
        "TWOWAY_HOUSEKEEPING_INTERVAL_SECONDS": "2",
        "TWOWAY_EMAIL_RATE_PER_SECOND": "500",
        "TWOWAY_EMAIL_BURST": "500",
        "TWOWAY_SMTP_HOST": "127.0.0.1",
        "TWOWAY_SMTP_PORT": str(smtp_port),
        "TWOWAY_SMTP_SECURITY": "none",
        "TWOWAY_DEFAULT_QUIET_START": "00:00",
        "TWOWAY_DEFAULT_QUIET_END": "00:00",
        "TWOWAY_MONGO_TIMEOUT_MS": "3000",
        # Claims are leases in real time: a killed sender's deliveries come back in a minute.
        "TWOWAY_CLAIM_TIMEOUT_SECONDS": "60",
    }


@dataclass
class World:
    work_dir: Path
    partitions: int = 6
    prefix: str = "load."
    kafka: KafkaServer = field(init=False)
    databases: dict[str, MongoServer] = field(default_factory=dict)
    """Each service's own SecantusDB server, by service name."""
    mailbox: CountingMailbox = field(init=False)
    platform: Platform = field(init=False)
    _db_dir: Path | None = None

    @property
    def topics(self) -> Topics:
        return Topics(self.prefix)

    @property
    def bootstrap(self) -> str:
        return self.kafka.bootstrap_servers

    def stream_topics(self) -> list[str]:
        return [self.prefix + s for s in STREAMS]

    def dlq_topics(self) -> list[str]:
        return [self.topics.dlq(s) for s in DLQ_SERVICES]

    async def start(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._db_dir = Path(tempfile.mkdtemp(prefix="twoway-load-db-", dir=_ram_dir()))
        self.kafka = KafkaServer(self.work_dir / "kafka", partitions=self.partitions)
        self.databases = {
            name: MongoServer(self._db_dir / name, work_dir=self.work_dir / f"secantusdb-{name}")
            for name in self.service_names()
        }
        await asyncio.gather(
            asyncio.to_thread(self.kafka.start),
            *(asyncio.to_thread(server.start) for server in self.databases.values()),
        )
        await self.create_topics()
        self.mailbox = CountingMailbox().start()
        self.platform = Platform(
            bootstrap_servers=self.bootstrap,
            mongo_uri="",  # no shared server: every service the run starts has its own
            mongo_uris={name: server.uri for name, server in self.databases.items()},
            work_dir=self.work_dir / "platform",
            topic_prefix=self.prefix,
            auth_secret=AUTH_SECRET,
            extra_env=service_env(self.mailbox.port),
        )

    async def start_services(self, now: datetime) -> None:
        self.set_clock_start(now)
        await asyncio.to_thread(self.platform.start_all)

    def set_clock_start(self, now: datetime) -> None:
        """What a (re)started service's clock starts at: the program time the others are at."""
        env = dict(self.platform.extra_env)
        env["TWOWAY_CLOCK_START"] = now.isoformat()
        self.platform.extra_env = env

    async def create_topics(self) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await admin.start()
        try:
            big = {"max.message.bytes": str(STREAM_MAX_MESSAGE_BYTES)}
            wanted = [
                NewTopic(t, self.partitions, 1, topic_configs=big) for t in self.stream_topics()
            ]
            wanted += [NewTopic(t, 3, 1) for t in self.dlq_topics()]
            wanted.append(NewTopic(self.prefix + EDGE_PROBE_STREAM, 1, 1))
            await admin.create_topics(wanted)
        finally:
            await admin.close()

    async def stop(self) -> None:
        if hasattr(self, "platform"):
            await asyncio.to_thread(self.platform.stop_all)
        if hasattr(self, "mailbox"):
            self.mailbox.stop()
        servers = [*([self.kafka] if hasattr(self, "kafka") else []), *self.databases.values()]
        await asyncio.gather(*(asyncio.to_thread(server.stop) for server in servers))
        if self._db_dir is not None:
            shutil.rmtree(self._db_dir, ignore_errors=True)

    def service_names(self) -> tuple[str, ...]:
        return SERVICES

    def database_uri(self, service: str) -> str:
        """The address of the SecantusDB server that holds a service's database."""
        return self.databases[service].uri
