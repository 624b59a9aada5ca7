"""Programs of identical people: equal scores must not leave most of them unmatched."""

import pytest

from services.matching.domain import Policy, run_matching
from tests.unit.matching.factories import QUIET_WEEK, junior, senior


def identical_people(count: int) -> list:
    return [junior(f"j{n:05d}") for n in range(count)] + [senior(f"s{n:05d}") for n in range(count)]


@pytest.mark.parametrize(
    "count",
    [
        pytest.param(300, id="every-free-pair-compared"),
        pytest.param(1_100, id="indexed-candidates"),
    ],
)
def test_identical_people_are_all_paired(count):
    result = run_matching(identical_people(count), Policy(), reference_week=QUIET_WEEK)

    assert len(result.pairs) == count
    assert result.unmatched == ()


def test_ties_are_broken_the_same_way_in_every_run():
    people = identical_people(200)
    first = run_matching(people, Policy(), reference_week=QUIET_WEEK)
    again = run_matching(list(reversed(people)), Policy(), reference_week=QUIET_WEEK)

    assert first.pairs == again.pairs
