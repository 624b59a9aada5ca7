"""Where a page's time goes: each service's own HTTP latency by route while pages are timed,
from the `twoway_http_request_duration_seconds` histograms on their /metrics (the difference
between a reading before and after timing)."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.portal.stack import LocalStack

HISTOGRAM = "twoway_http_request_duration_seconds"
SERVED_BY = ("matching", "scheduling", "feedback", "notifications", "portal")
Reading = dict[tuple[str, str, str], tuple[float, float]]
"""(service, method, route) -> (seconds in total, requests)."""


async def read_latencies(stack: LocalStack) -> Reading:
    found: Reading = {}
    async with httpx.AsyncClient(timeout=30) as http:
        for name in SERVED_BY:
            if name not in stack.addresses:
                continue
            answer = await http.get(f"{stack.url(name)}/metrics")
            if answer.status_code != 200:
                continue
            for family in text_string_to_metric_families(answer.text):
                if family.name != HISTOGRAM:
                    continue
                for sample in family.samples:
                    key = (name, sample.labels.get("method", ""), sample.labels.get("route", ""))
                    total, count = found.get(key, (0.0, 0.0))
                    if sample.name.endswith("_sum"):
                        found[key] = (total + sample.value, count)
                    elif sample.name.endswith("_count"):
                        found[key] = (total, count + sample.value)
    return found


def _rows(before: Reading, after: Reading) -> list[tuple[float, int, tuple[str, str, str]]]:
    """(mean ms per call, calls, key) of each service route called between the readings."""
    rows = []
    for key, (total, count) in after.items():
        was_total, was_count = before.get(key, (0.0, 0.0))
        calls = count - was_count
        # The benchmark's own readings of /metrics are not a page's calls.
        if calls > 0 and key[0] != "portal" and key[2] != "/metrics":
            rows.append((1000 * (total - was_total) / calls, int(calls), key))
    rows.sort(reverse=True)
    return rows


def print_latencies(before: Reading, after: Reading, *, top: int = 20) -> None:
    print("\nservice routes while timing (mean ms per call, calls):")
    for mean, calls, (service, method, route) in _rows(before, after)[:top]:
        print(f"  {service:<13} {method:<4} {route:<60} {mean:8.1f} ms  {calls:5d}")


def print_page_breakdown(before: Reading, after: Reading, gets: int, *, top: int = 3) -> None:
    """Where one page's time went: its slowest service routes, as mean ms per call and calls
    per page (a page's own time is what the portal adds on top of the slowest of them)."""
    parts = [
        f"{service} {route.removeprefix('/programs/{program_id}') or '/'} "
        f"{mean:.0f} ms x{calls / gets:.0f}"
        for mean, calls, (service, _, route) in _rows(before, after)[:top]
    ]
    print("      upstream: " + ("; ".join(parts) if parts else "none"), flush=True)
