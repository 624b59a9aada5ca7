"""The demo's mix of pair kinds: every run shows stalls, in the shares the mix promises."""

from __future__ import annotations

from collections import Counter

from cli.demo.behaviour import KINDS, Behaviour, kind_at

STALLED = {"ghosting", "poor_fit", "unsafe"}


def pairs(behaviour: Behaviour, count: int, tag: str) -> list[str]:
    return [behaviour.kind_of(f"{tag}-pair-{i}") for i in range(count)]


def test_any_ten_pairs_of_a_demo_include_a_stalled_one() -> None:
    for seed in range(200):
        kinds = pairs(Behaviour(seed, {}), 40, f"s{seed}")
        for start in range(0, 31):
            assert STALLED & set(kinds[start : start + 10]), (seed, start)


def test_a_pair_keeps_its_kind() -> None:
    behaviour = Behaviour(7, {})
    first = pairs(behaviour, 12, "a")
    pairs(behaviour, 12, "b")
    assert pairs(behaviour, 12, "a") == first


def test_large_demos_follow_the_shares_of_the_mix() -> None:
    kinds = Counter(pairs(Behaviour(3, {}), 1000, "big"))
    for kind, share in KINDS:
        assert abs(kinds[kind] / 1000 - share) < 0.01, kind


def test_every_point_of_the_unit_interval_has_a_kind() -> None:
    assert kind_at(0.0) == KINDS[0][0]
    assert kind_at(0.999999) == KINDS[-1][0]
