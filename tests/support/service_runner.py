"""Run a service's ASGI app (HTTP + Kafka subscribers) inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def running_service(app: Any, *, startup_timeout: float = 60.0) -> AsyncIterator[str]:
    """Start uvicorn on a free port, yield the base URL once the lifespan completed, stop it."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="on"
        )
    )
    task = asyncio.create_task(server.serve())
    deadline = asyncio.get_running_loop().time() + startup_timeout
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("service stopped during start-up")
        if asyncio.get_running_loop().time() > deadline:
            server.should_exit = True
            raise TimeoutError("service did not start in time")
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=60)


async def wait_until_ready(base_url: str, timeout: float = 30.0) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            response = await client.get("/readyz")
            if response.status_code == 200:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"not ready: {response.text}")
            await asyncio.sleep(0.2)
