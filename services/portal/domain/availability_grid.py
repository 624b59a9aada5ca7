"""The weekly availability grid of the profile form, in the person's own time zone.

The form posts one checkbox per cell (`"tue 09:00"` is the cell that starts at 09:00 on
Tuesdays); the participant contract holds weekly windows (`{"day": "tue", "start": "09:00",
"end": "12:00"}`, local time, `end` may be `24:00`). Adjacent cells merge into one window; a
window never crosses midnight, as the contract is day-local.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
GRID_STEPS: tuple[int, ...] = (60, 30, 15)
MAX_WINDOWS = 50
"""The participant contract holds at most this many windows."""


@dataclass(frozen=True, order=True)
class Cell:
    """One grid cell: `day` and its start in minutes after local midnight."""

    day_index: int
    start_minute: int

    @property
    def day(self) -> str:
        return WEEKDAYS[self.day_index]

    @property
    def key(self) -> str:
        """The value the form's checkbox posts."""
        return f"{self.day} {clock(self.start_minute)}"


@dataclass(frozen=True)
class Window:
    """A weekly window in local time, as the participant contract writes it."""

    day: str
    start: str
    end: str

    def as_contract(self) -> dict[str, str]:
        return {"day": self.day, "start": self.start, "end": self.end}


class GridError(ValueError):
    """A posted grid that cannot be a person's availability; `code` names the text to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clock(minute: int) -> str:
    """ "HH:MM" of minutes after midnight; 1440 is "24:00"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def clock_minutes(value: str) -> int:
    """Minutes after midnight of "HH:MM" (24:00 allowed); GridError if it is not a time."""
    hours, sep, minutes = value.partition(":")
    if not (sep and len(hours) == 2 and len(minutes) == 2 and hours.isdigit()):
        raise GridError("availability_invalid")
    if not minutes.isdigit():
        raise GridError("availability_invalid")
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or total > DAY_MINUTES:
        raise GridError("availability_invalid")
    return total


def step_for(windows: Iterable[Mapping[str, str]]) -> int:
    """The coarsest grid step on which every window boundary lies (15 at the finest)."""
    boundaries = [clock_minutes(w[edge]) for w in windows for edge in ("start", "end")]
    for step in GRID_STEPS:
        if all(minute % step == 0 for minute in boundaries):
            return step
    return GRID_STEPS[-1]


def grid_rows(step: int) -> list[int]:
    """The start minutes of the grid's rows for a step."""
    _check_step(step)
    return list(range(0, DAY_MINUTES, step))


def cells_from_form(values: Sequence[str], step: int) -> set[Cell]:
    """The cells a form posted; GridError on any value that is not a cell of this grid."""
    _check_step(step)
    cells: set[Cell] = set()
    for value in values:
        day, _, time = value.strip().partition(" ")
        if day not in WEEKDAYS:
            raise GridError("availability_invalid")
        minute = clock_minutes(time)
        if minute % step or minute >= DAY_MINUTES:
            raise GridError("availability_invalid")
        cells.add(Cell(WEEKDAYS.index(day), minute))
    return cells


def windows_from_cells(cells: Iterable[Cell], step: int) -> list[Window]:
    """Merge the chosen cells into windows, ordered by day and time."""
    _check_step(step)
    windows: list[Window] = []
    run_start: Cell | None = None
    previous: Cell | None = None
    for cell in sorted(set(cells)):
        continues = (
            previous is not None
            and cell.day_index == previous.day_index
            and cell.start_minute == previous.start_minute + step
        )
        if not continues:
            if run_start is not None and previous is not None:
                windows.append(_window(run_start, previous, step))
            run_start = cell
        previous = cell
    if run_start is not None and previous is not None:
        windows.append(_window(run_start, previous, step))
    if len(windows) > MAX_WINDOWS:
        raise GridError("availability_too_fragmented")
    return windows


def cells_from_windows(windows: Iterable[Mapping[str, str]], step: int) -> set[Cell]:
    """The cells a window list covers; a window off the grid marks every cell it touches."""
    _check_step(step)
    cells: set[Cell] = set()
    for window in windows:
        day = window["day"]
        if day not in WEEKDAYS:
            raise GridError("availability_invalid")
        start, end = clock_minutes(window["start"]), clock_minutes(window["end"])
        first = (start // step) * step
        last = math.ceil(end / step) * step
        for minute in range(first, last, step):
            cells.add(Cell(WEEKDAYS.index(day), minute))
    return cells


def availability_from_form(values: Sequence[str], step: int) -> list[dict[str, str]]:
    """The contract's availability list from the posted grid."""
    return [w.as_contract() for w in windows_from_cells(cells_from_form(values, step), step)]


def _window(first: Cell, last: Cell, step: int) -> Window:
    return Window(first.day, clock(first.start_minute), clock(last.start_minute + step))


def _check_step(step: int) -> None:
    if step not in GRID_STEPS:
        raise GridError("availability_invalid")
