"""axe-core (npm, pinned in deploy/tools/package.json, installed by `make tools`) in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from deploy.local.process import REPO_ROOT

AXE_SCRIPT = REPO_ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        raise AssertionError(f"axe-core is missing ({AXE_SCRIPT.name}): run `make tools`")
    return AXE_SCRIPT


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe violation on the page as it is now (WCAG 2.x A and AA rules and best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated rather than added as a <script>: the page's CSP must not (and may) block it.
        page.evaluate(axe_script().read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    return list(result["violations"])


def assert_accessible(page: Page) -> None:
    """Fail on serious or critical violations, naming the rule and the elements it found."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [
            f"{v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in blocking
        ]
        raise AssertionError(f"accessibility violations on {page.url}:\n" + "\n".join(lines))
