"""An event document changed the ways integrators get things wrong: each location removed
or given what is sent instead of its value by mistake."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.text(), children),
    max_leaves=4,
)


def confusables(value: Any) -> list[Any]:
    """What an integrator sends instead of `value` by mistake."""
    if isinstance(value, bool):
        return [0, 1, "true", "false", None]
    if isinstance(value, int):
        return [str(value), value + 0.5, float(value), True, f"{value}.0", None]
    if isinstance(value, float):
        return [str(value), True, None]
    if isinstance(value, str):
        return [
            value.upper(),
            f" {value}",
            f"{value}\n",
            value.replace("T", "t").replace("Z", "z"),
            value.replace("T", " "),
            value.replace("-", ""),
            "",
            " ",
            "1.0",
            42,
            None,
        ]
    if isinstance(value, list):
        return [[], value + value, None]
    return [{}, [], None]


def locations(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, child in document.items():
            found += locations(child, (*prefix, key))
    elif isinstance(document, list):
        for index, child in enumerate(document):
            found += locations(child, (*prefix, index))
    return found


def value_at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def with_value(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = with_value(document[head], tuple(rest), value) if rest else value
    return copy


def without(document: Any, path: tuple[Any, ...]) -> Any:
    head, *rest = path
    copy = dict(document) if isinstance(document, dict) else list(document)
    if rest:
        copy[head] = without(document[head], tuple(rest))
    else:
        del copy[head]
    return copy


def mutations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every location removed (where the schema may require it) and given each confusable."""
    found = []
    for path in locations(document):
        where = "/".join(map(str, path))
        if isinstance(path[-1], str):
            found.append((f"{where} removed", dict(without(document, path))))
        for wrong in confusables(value_at(document, path)):
            found.append((f"{where} = {wrong!r}", dict(with_value(document, path, wrong))))
    return found
