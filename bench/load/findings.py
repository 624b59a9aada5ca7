"""What the reconciliation after a run found: figures per check and every broken promise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reconciliation:
    figures: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    problems_by_promise: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, promise: str, what: str, items: Any = None) -> None:
        """Record a broken promise if `items` (what broke it) is not empty."""
        if items:
            shown = sorted(str(i) for i in items)[:5]
            text = f"{what}: {len(items)} (e.g. {', '.join(shown)})"
            self.problems.append(f"[{promise}] {text}")
            self.problems_by_promise.setdefault(promise, []).append(text)

    def broken(self, promise: str) -> list[str]:
        return self.problems_by_promise.get(promise, [])

    def count(self, name: str, value: Any) -> None:
        self.figures[name] = value
