"""Debian's Prometheus binary on a free port with throw-away storage, for end-to-end checks,
and the scrape configuration of the local stack."""

from __future__ import annotations

import shutil
from pathlib import Path

from deploy.local.managed_server import ManagedServer
from deploy.local.process import REPO_ROOT, InfraError, http_status

RULES_DIR = REPO_ROOT / "deploy" / "prometheus" / "rules"

__all__ = ["PrometheusServer", "http_status", "prometheus_command", "prometheus_config"]


def prometheus_command() -> str:
    found = shutil.which("prometheus")
    if found is None:
        raise InfraError("prometheus not found on PATH: apt-get install prometheus")
    return found


def prometheus_config(targets: dict[str, str]) -> str:
    """Scrape every service of the stack; alert rules from deploy/prometheus/rules."""
    jobs = "\n".join(
        f"  - job_name: {name}\n    static_configs:\n      - targets: ['{address}']\n"
        f"        labels:\n          service: {name}"
        for name, address in sorted(targets.items())
    )
    rules = f"rule_files:\n  - {RULES_DIR}/*.yml\n" if RULES_DIR.is_dir() else ""
    return (
        "global:\n  scrape_interval: 5s\n  evaluation_interval: 15s\n"
        f"{rules}scrape_configs:\n{jobs}\n"
    )


class PrometheusServer(ManagedServer):
    """Prometheus with `config_text` as its prometheus.yml, lifecycle API on (for /-/reload)."""

    label = "Prometheus"
    process_name = "prometheus"
    stop_timeout = 20.0

    def __init__(
        self,
        config_text: str,
        *,
        port: int | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        super().__init__(port=port, startup_timeout=startup_timeout)
        self.config_text = config_text

    @property
    def url(self) -> str:
        if self.port is None:
            raise InfraError("Prometheus is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return self.url

    @property
    def config_path(self) -> Path:
        if self.work_dir is None:
            raise InfraError("Prometheus is not started")
        return self.work_dir / "prometheus.yml"

    def prepare(self) -> None:
        self.config_path.write_text(self.config_text)

    def command(self) -> list[str]:
        assert self.work_dir is not None
        return [
            prometheus_command(),
            f"--config.file={self.config_path}",
            f"--storage.tsdb.path={self.work_dir / 'data'}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--web.enable-lifecycle",
        ]

    def ready(self) -> bool:
        return http_status(f"{self.url}/-/ready") == 200

    def reload(self, config_text: str | None = None) -> None:
        """Apply a new configuration without a restart."""
        if config_text is not None:
            self.config_text = config_text
            self.config_path.write_text(config_text)
        status = http_status(f"{self.url}/-/reload", method="POST", timeout=10.0)
        if status != 200:
            raise InfraError(f"Prometheus reload answered {status}:\n{self.process.log_tail()}")
