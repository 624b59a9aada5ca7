"""A private local stack for the burst: the same processes `make up` starts, in a run directory
of its own (never the repository's .run/), with an admin token and the services' clocks."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from deploy.local import platform, stack
from deploy.local.__main__ import topics_for
from shared.http.auth import issue_token

CLOCKED = ("matching", "scheduling", "feedback", "notifications")


@dataclass
class BurstStack:
    run_dir: Path
    state: dict[str, Any]
    admin: dict[str, str]

    @property
    def mail_dir(self) -> Path:
        return self.run_dir / "mail"

    @property
    def bootstrap(self) -> str:
        return str(self._process("kafka")["address"])

    @property
    def topic_prefix(self) -> str:
        return str(self.state["topic_prefix"])

    def url(self, name: str) -> str:
        return str(self._process(name)["address"])

    def database_of(self, service: str) -> str:
        """The address of the SecantusDB server that holds a service's database."""
        names = {p["name"] for p in self.state["processes"]}
        own = f"secantusdb-{service}"
        return self.url(own if own in names else "secantusdb")

    def database_pids(self) -> list[int]:
        return [
            int(p["pid"])
            for p in self.state["processes"]
            if str(p["name"]).startswith("secantusdb") and p.get("pid")
        ]

    def _process(self, name: str) -> dict[str, Any]:
        return next(p for p in self.state["processes"] if p["name"] == name)

    async def set_clocks(self, now: datetime) -> None:
        async with httpx.AsyncClient(headers=self.admin, timeout=10) as http:
            for name in CLOCKED:
                response = await http.post(
                    f"{self.url(name)}/admin/clock", json={"now": now.isoformat()}
                )
                response.raise_for_status()


def start_stack(*, shared_database: bool = False) -> BurstStack:
    """Kafka, a SecantusDB server per service as `make up` runs them (or, with
    `shared_database`, one for all, as the local stack did before), the mail catcher, the
    provider, the services (and the portal)."""
    run_dir = Path(tempfile.mkdtemp(prefix="twoway-burst-"))
    prefix = stack.DEFAULT_PREFIX
    state = stack.up(
        topics_for(prefix),
        run_dir=run_dir,
        topic_prefix=prefix,
        services=platform.service_specs(run_dir, own_databases=not shared_database),
        preferred=None,
        with_prometheus=False,
    )
    secret = platform.auth_secret(run_dir).read_text(encoding="utf-8").strip()
    token = issue_token(
        secret=secret,
        issuer="twoway-local",
        audience="twoway",
        subject="bench-burst",
        roles=["platform_admin"],
    )
    return BurstStack(run_dir, state, {"Authorization": f"Bearer {token}"})


async def stop_stack(burst: BurstStack, *, keep: bool) -> None:
    await asyncio.to_thread(stack.down, run_dir=burst.run_dir)
    if keep:
        print(f"run directory kept: {burst.run_dir}")
    else:
        shutil.rmtree(burst.run_dir, ignore_errors=True)
