"""Charts as inline SVG, drawn on the server (no chart library in the browser).

Every chart has a title and a description for screen readers, and the pages show the same
figures in a table beside it. A suppressed group (fewer respondents than the program's
minimum) is drawn as an empty, labelled slot, never as a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 170
CHART_WIDTH = 560
COLOURS = ("#0b4fa8", "#9a3412")  # both above 4.5:1 on white


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # None: suppressed
    series: int = 0


def _format(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    suppressed_text: str,
    maximum: float | None = None,
) -> Markup:
    """Horizontal bars; bars of several series (0, 1) alternate colours within a group."""
    top = maximum or max((b.value for b in bars if b.value is not None), default=0) or 1
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    rows: list[str] = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        label = escape(bar.label)
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
            f'font-size="13" fill="#1b1b1f">{label}</text>'
        )
        if bar.value is None:
            rows.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{y + BAR_HEIGHT - 4}" font-size="12" '
                f'font-style="italic" fill="#4a4a55">{escape(suppressed_text)}</text>'
            )
            continue
        width = max(1.0, plot * bar.value / top)
        colour = COLOURS[bar.series % len(COLOURS)]
        rows.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="12" '
            f'fill="#1b1b1f">{_format(bar.value)}</text>'
        )
    safe_id = escape(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{CHART_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{safe_id}-title {safe_id}-desc">'
        f'<title id="{safe_id}-title">{escape(title)}</title>'
        f'<desc id="{safe_id}-desc">{escape(description)}</desc>' + "".join(rows) + "</svg>"
    )


def learning_matrix_bars(cells: Sequence[dict[str, object]], labels: tuple[str, str]) -> list[Bar]:
    """The two-way matrix as pairs of bars per skill: what juniors taught seniors (series 0)
    and what seniors taught juniors (series 1), skills by total mentions."""
    by_skill: dict[str, dict[str, dict[str, object]]] = {}
    for cell in cells:
        by_skill.setdefault(str(cell["skill"]), {})[str(cell["direction"])] = cell

    def mentions(cell: dict[str, object] | None) -> float | None:
        if cell is None:
            return 0.0
        if cell.get("suppressed"):
            return None
        value = cell.get("mentions")
        return float(value) if isinstance(value, int | float) else 0.0

    def weight(skill: str) -> float:
        return sum(mentions(c) or 0.0 for c in by_skill[skill].values())

    bars: list[Bar] = []
    for skill in sorted(by_skill, key=lambda s: (-weight(s), s)):
        directions = by_skill[skill]
        bars.append(Bar(f"{skill} · {labels[0]}", mentions(directions.get("junior_to_senior")), 0))
        bars.append(Bar(f"{skill} · {labels[1]}", mentions(directions.get("senior_to_junior")), 1))
    return bars
