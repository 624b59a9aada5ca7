"""Which of the five locales a page is shown in: profile, then cookie, then the browser."""

from __future__ import annotations

SUPPORTED = ("en", "de", "fr", "es", "ja")
DEFAULT = "en"


def _base(tag: str) -> str:
    return tag.strip().split("-")[0].split("_")[0].lower()


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags by preference (q values honoured, q=0 dropped), base language only."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        if not tag:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, _base(tag)))
    return [tag for _, _, tag in sorted(weighted)]


def choose_locale(
    *, profile: str | None = None, cookie: str | None = None, accept_language: str | None = None
) -> str:
    for candidate in (profile, cookie):
        if candidate and _base(candidate) in SUPPORTED:
            return _base(candidate)
    for tag in parse_accept_language(accept_language):
        if tag in SUPPORTED:
            return tag
    return DEFAULT
