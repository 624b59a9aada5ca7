"""The environment variables each service's settings class reads."""

from __future__ import annotations

import importlib
import inspect

from shared.settings import ServiceSettings


def settings_class(service: str) -> type[ServiceSettings]:
    """The most derived ServiceSettings subclass the service's composition root uses."""
    bootstrap = importlib.import_module(f"services.{service}.bootstrap")
    classes = [
        value
        for value in vars(bootstrap).values()
        if inspect.isclass(value) and issubclass(value, ServiceSettings)
    ]
    (most_derived,) = [
        c for c in classes if not any(o is not c and issubclass(o, c) for o in classes)
    ]
    return most_derived


def env_names(service: str) -> set[str]:
    cls = settings_class(service)
    prefix = str(cls.model_config.get("env_prefix", ""))
    return {f"{prefix}{name}".upper() for name in cls.model_fields}
