"""Twoway's provisioned dashboards: Platform, Programs, Matching engine.

    python -m deploy.grafana.dashboards write   # render deploy/grafana/dashboards/*.json
    python -m deploy.grafana.dashboards check   # exit 1 if the JSON differs from the definitions

Label conventions the queries rely on (see deploy/prometheus/prometheus.yml):
- FastStream's RED metrics carry `app_name` (the service) and `handler` (the topic consumed);
- Twoway's plumbing metrics carry `service`; Prometheus adds `service` to every other series
  of a service target, so process metrics can be split by service too;
- domain metrics are named `twoway_<service>_...` and carry `program` (and some `region`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from deploy.grafana.matching_dashboard import matching
from deploy.grafana.model import render
from deploy.grafana.platform_dashboard import platform
from deploy.grafana.programs_dashboard import programs

OUT_DIR = Path(__file__).resolve().parent / "dashboards"


def dashboards() -> dict[str, dict[str, Any]]:
    """File name -> dashboard JSON model."""
    built = [platform(), programs(), matching()]
    return {f"{d.uid}.json": render(d) for d in built}


def rendered() -> dict[str, str]:
    return {
        name: json.dumps(model, indent=2, ensure_ascii=False) + "\n"
        for name, model in dashboards().items()
    }


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    files = rendered()
    stale = [
        name
        for name, text in files.items()
        if not (OUT_DIR / name).exists() or (OUT_DIR / name).read_text(encoding="utf-8") != text
    ]
    if action == "write":
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (OUT_DIR / name).write_text(files[name], encoding="utf-8")
        print(f"{len(files)} dashboards, {len(stale)} rewritten")
        return 0
    for name in stale:
        print(f"out of date: deploy/grafana/dashboards/{name}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
