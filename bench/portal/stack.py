"""The local stack (as `make up` runs it) in a temporary run directory, for the portal benchmark:
Kafka, SecantusDB, the mail catcher, the OpenID provider, the four services and the portal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.local import platform, stack
from deploy.local.process import make_temp_dir, remove_temp_dir
from shared.events.topics import all_topics
from shared.http.auth import issue_token

SERVICES = ("matching", "scheduling", "feedback", "notifications")


@dataclass(frozen=True)
class LocalStack:
    run_dir: Path
    addresses: dict[str, str]

    def url(self, name: str) -> str:
        return self.addresses[name]

    def bearer(self, subject: str, roles: list[str]) -> dict[str, str]:
        """A token as `twoway token` mints it, for loading data through the APIs."""
        secret = platform.auth_secret(self.run_dir).read_text(encoding="utf-8").strip()
        token = issue_token(
            secret=secret, issuer="twoway-local", audience="twoway", subject=subject, roles=roles
        )
        return {"Authorization": f"Bearer {token}"}


@contextmanager
def local_stack() -> Iterator[LocalStack]:
    """Started in a fresh temporary run directory (never the repository's .run/), then removed."""
    run_dir = make_temp_dir("twoway-bench-portal-")
    try:
        state = stack.up(
            dict(all_topics(stack.DEFAULT_PREFIX)),
            run_dir=run_dir,
            # Each service on a database server of its own, as `make up` runs them: on one
            # shared server, matching's reads queued behind scheduling planning thousands of
            # series and notifications sending their reminders.
            services=platform.service_specs(run_dir, own_databases=True),
            preferred=platform.preferred_ports(),
            with_prometheus=False,
        )
        addresses = {str(row["name"]): str(row["address"]) for row in state["processes"]}
        if "portal" not in addresses:
            raise RuntimeError("the local stack started without the portal")
        yield LocalStack(run_dir, addresses)
    finally:
        stack.down(run_dir=run_dir)
        remove_temp_dir(run_dir)
