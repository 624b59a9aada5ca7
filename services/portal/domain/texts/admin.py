"""Texts of the admin console; keys start with `admin.`."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "admin.title": "Programs",
    },
}
