"""Schema-driven fuzzing of every service's HTTP API with Schemathesis, as a platform admin,
with every check: no 5xx, every status, header, content type and body as the OpenAPI document
says, schema-valid requests accepted and invalid ones refused, a 405 with the right `Allow`,
no route that ignores the bearer token. Afterwards nothing stored is garbage (every stored document
still loads through the service's own adapters and contracts) and the normal reads still work.

`/admin/clock` is left out: moving a service's clock by random amounts would fire every timer
of the shared test platform; its input limits are tested in test_authentication/_limits.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.feedback.adapters.mongo_requests import MongoRequestStore
from services.matching.entrypoints.schemas import PolicyIn
from services.notifications.adapters.mongo_contacts import MongoAdminContacts
from services.notifications.adapters.mongo_preferences import MongoPreferences
from services.notifications.entrypoints.schemas import AdminContactBody
from services.scheduling.adapters.mongo_series import MongoSeriesStore
from shared.events import ParticipantProfile, ProgramSettings
from tests.security.conftest import secured_world
from tests.security.tokens import PLATFORM_ADMIN
from tests.security.world import SecuredWorld, database

# The first test also starts the module's own world (four services, broker, database) and
# fuzzes all four services, which takes longer than the suite's 300 s default when the other
# worker runs heavy tests beside it (about 560 s was seen on a loaded 2-core machine).
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

SERVICES = ("matching", "scheduling", "feedback", "notifications")
MAX_EXAMPLES = 12  # per operation and phase: the whole run stays around a minute
CONFIG = Path(__file__).with_name("schemathesis.toml")


async def schemathesis(world: SecuredWorld, service: str, report: Path) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(CONFIG),
        "run",
        f"{world.url(service)}/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization:{PLATFORM_ADMIN['Authorization']}",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--phases",
        "examples,coverage,fuzzing",
        "--exclude-path",
        "/admin/clock",
        # One worker: hypothesis describes strategies by parsing source, which CPython 3.11
        # can get wrong from two threads at once (an error of the fuzzer, not of the API).
        "--workers",
        "1",
        "--seed",
        "20260101",
        "--generation-database",
        "none",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    return int(process.returncode or 0), output.decode(errors="replace")


@pytest.fixture(scope="module")
async def secured(
    kafka_server: Any, mongo_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[SecuredWorld]:
    """A world of its own: fuzzing as a platform admin changes and erases whatever it reaches,
    which the other security tests, sharing their world, must never see."""
    async with secured_world(kafka_server, mongo_server, tmp_path_factory) as world:
        yield world


@pytest.fixture(scope="module")
async def fuzzed(
    secured: SecuredWorld, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[int, str]]:
    reports = Path(tmp_path_factory.mktemp("schemathesis"))
    results = {}
    for service in SERVICES:  # one at a time: two cores are shared with the services
        results[service] = await schemathesis(secured, service, reports / f"{service}.xml")
    return results


@pytest.mark.parametrize("service", SERVICES)
def test_every_generated_request_gets_the_documented_answer(
    fuzzed: dict[str, tuple[int, str]], service: str
) -> None:
    code, output = fuzzed[service]
    assert "passed" in output.lower(), output[-3000:]
    assert code == 0, output[-20000:]


async def test_nothing_stored_is_garbage_after_fuzzing(
    secured: SecuredWorld, fuzzed: dict[str, tuple[int, str]]
) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(secured.platform.mongo_uri, tz_aware=True)
    try:
        matching = client[database(secured, "matching")]
        async for program in matching["programs"].find({}):
            ProgramSettings.model_validate(program["settings"])
            PolicyIn.model_validate(program["policy"])
        async for person in matching["participants"].find({"status": {"$ne": "erased"}}):
            ParticipantProfile.model_validate(person["profile"])
        notifications = client[database(secured, "notifications")]
        recipients = [d["_id"] async for d in notifications["preferences"].find({}, {"_id": 1})]
        assert len(await MongoPreferences(notifications).get_many(recipients)) == len(recipients)
        admins = MongoAdminContacts(notifications)
        for program_id in await notifications["admin_contacts"].distinct("program_id"):
            for contact in await admins.list(program_id):
                AdminContactBody(display_name=contact.display_name or "", email=contact.email or "")
        feedback = client[database(secured, "feedback")]
        requests = MongoRequestStore(feedback, outbox=None)  # type: ignore[arg-type]
        async for doc in feedback["feedback_requests"].find({}, {"_id": 1}):
            assert await requests.get(doc["_id"]) is not None
        scheduling = client[database(secured, "scheduling")]
        series = MongoSeriesStore(scheduling["series"], outbox=None)  # type: ignore[arg-type]
        async for doc in scheduling["series"].find({}, {"_id": 1}):
            assert await series.get(doc["_id"]) is not None
    finally:
        await client.close()


async def test_the_normal_reads_still_work_after_fuzzing(
    secured: SecuredWorld, fuzzed: dict[str, tuple[int, str]]
) -> None:
    reads = {
        "matching": ["/programs", "/programs/sec-emea/pairs"],
        "scheduling": ["/programs/sec-emea/series", "/programs/sec-apac/series"],
        "feedback": ["/programs/sec-emea/pair-health", "/programs/sec-emea/insights"],
        "notifications": ["/notifications/programs/sec-emea/admin-contacts"],
    }
    async with httpx.AsyncClient(headers=PLATFORM_ADMIN, timeout=60) as http:
        for service, paths in reads.items():
            for path in paths:
                response = await http.get(secured.url(service) + path)
                assert response.status_code == 200, (service, path, response.text[:300])
