"""What `make up` runs besides the infrastructure: a mail catcher, the four services and
Prometheus scraping them."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from deploy.local.process import REPO_ROOT
from deploy.local.stack import ProcessSpec

SERVICE_PORTS = {"matching": 8001, "scheduling": 8002, "feedback": 8003, "notifications": 8004}
MAIL_PORT = 1025
PROMETHEUS_PORT = 9090
RULES_DIR = REPO_ROOT / "deploy" / "prometheus" / "rules"


# The local stack's clock jumps forward in the demo: events are "old" by program time only,
# so they must still be delivered, and timers must keep up with the jumps.
LOCAL_OVERRIDES: dict[str, dict[str, str]] = {
    "notifications": {
        "TWOWAY_SMTP_HOST": "127.0.0.1",
        "TWOWAY_SMTP_PORT": "{mailbox_port}",
        "TWOWAY_SMTP_SECURITY": "none",
        "TWOWAY_MAX_EVENT_AGE_HOURS": "1440",
        "TWOWAY_EMAIL_RATE_PER_SECOND": "500",
    },
    "feedback": {"TWOWAY_TIMER_INTERVAL_SECONDS": "5"},
}


def auth_secret(run_dir: Path) -> Path:
    """A signing secret for local tokens, made once; `twoway token` and the CLI read it."""
    path = run_dir / "auth-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path


def service_specs(run_dir: Path) -> list[ProcessSpec]:
    secret = auth_secret(run_dir)
    common = {
        "TWOWAY_AUTH_HS256_SECRET_FILE": str(secret),
        # The local stack runs on a movable clock so the demo can advance program time.
        "TWOWAY_CLOCK_MODE": "manual",
        "TWOWAY_OUTBOX_RELAY_INTERVAL_SECONDS": "2",
    }
    mail = ProcessSpec(
        name="mailbox",
        argv=[
            sys.executable,
            "-m",
            "deploy.local.mailbox",
            "--port",
            "{port}",
            "--dir",
            "{run_dir}/mail",
        ],
        ready_path=None,
        scheme="smtp",
    )
    services = [
        ProcessSpec(
            name=name,
            argv=[sys.executable, "-m", f"services.{name}"],
            env={**common, "TWOWAY_SERVICE_NAME": name, **LOCAL_OVERRIDES.get(name, {})},
        )
        for name in SERVICE_PORTS
    ]
    return [mail, *services]


def preferred_ports() -> dict[str, int]:
    return {**SERVICE_PORTS, "mailbox": MAIL_PORT, "prometheus": PROMETHEUS_PORT}


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
