"""Every service is built the same way, so a newcomer finds any behaviour in the same place.

The plan (README, "Inside a service"): `settings.py` and one composition root `bootstrap.py`;
a pure `domain/` with its `model.py`; `application/` with its ports and its mapping between the
wire and the domain; `adapters/` named after what they talk to (`mongo_<aggregate>.py` for the
database); thin `entrypoints/`. These checks read the source, so they hold for code that no test
happens to import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.test_import_circles import REPO, imported_names, module_name

SERVICES = ("matching", "scheduling", "feedback", "notifications", "directory", "portal")
EVERY_SERVICE_HAS = (
    "__main__.py",
    "settings.py",
    "bootstrap.py",
    "domain/model.py",
    "application/ports.py",
    "application/mapping.py",
    "adapters",
    "entrypoints",
)
LONGEST_MODULE = 300
SHIPPED = ("cli", "bench", "deploy", "samples", "shared", "services")
FRAMEWORKS = ("fastapi", "starlette", "faststream", "pydantic", "pymongo", "aiokafka", "httpx")
HTTP = ("fastapi", "starlette")


def python_files(*roots: Path) -> list[Path]:
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*.py"))
        if "node_modules" not in path.parts
    ]


def imports_of(path: Path) -> set[str]:
    return set(imported_names(path, module_name(path)))


def names_any(imported: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in imported for p in prefixes if name == p or name.startswith(p + ".")
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_rooms(service: str) -> None:
    root = REPO / "services" / service
    missing = [part for part in EVERY_SERVICE_HAS if not (root / part).exists()]
    assert not missing, f"services/{service} lacks {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_imports_no_framework_and_no_other_layer(service: str) -> None:
    root = REPO / "services" / service
    layers = tuple(f"services.{service}.{layer}" for layer in ("application", "adapters"))
    found = {
        str(path.relative_to(REPO)): names_any(
            imports_of(path), (*FRAMEWORKS, *layers, f"services.{service}.entrypoints")
        )
        for path in python_files(root / "domain")
    }
    assert not {path: names for path, names in found.items() if names}


@pytest.mark.parametrize("service", SERVICES)
def test_the_application_imports_no_entrypoint_and_no_http_type(service: str) -> None:
    root = REPO / "services" / service
    forbidden = (*HTTP, f"services.{service}.entrypoints", "shared.http")
    found = {
        str(path.relative_to(REPO)): names_any(imports_of(path), forbidden)
        for path in python_files(root / "application")
    }
    assert not {path: names for path, names in found.items() if names}


@pytest.mark.parametrize("service", SERVICES)
def test_database_adapters_are_named_after_the_database(service: str) -> None:
    adapters = REPO / "services" / service / "adapters"
    misnamed = [
        path.name
        for path in python_files(adapters)
        if names_any(imports_of(path), ("pymongo",)) and not path.name.startswith("mongo_")
    ]
    assert not misnamed, f"services/{service}/adapters talk to MongoDB under other names"


def test_no_module_of_the_code_or_its_tests_is_longer_than_one_sitting() -> None:
    long = {
        str(path.relative_to(REPO)): lines
        for path in python_files(*(REPO / root for root in (*SHIPPED, "tests")))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert not long


def test_the_checks_see_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text("from fastapi import HTTPException\nimport pymongo.errors\n")
    imported = set(imported_names(module, "leaky"))
    assert names_any(imported, HTTP) == ["fastapi", "fastapi.HTTPException"]
    assert names_any(imported, ("pymongo",)) == ["pymongo.errors"]
