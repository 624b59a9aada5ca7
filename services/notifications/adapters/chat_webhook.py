"""Chat through Slack- and Teams-compatible incoming webhooks (`{"text": ...}`)."""

from __future__ import annotations

import httpx

from services.notifications.domain.model import DeliveryError

TRANSIENT_STATUSES = frozenset({408, 425, 429})


class WebhookChatSender:
    def __init__(
        self,
        *,
        timeout_seconds: float = 10.0,
        require_https: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._timeout = timeout_seconds
        self._require_https = require_https
        self._transport = transport

    async def post(self, url: str, text: str) -> None:
        if self._require_https and not url.lower().startswith("https://"):
            raise DeliveryError("insecure_webhook_url", transient=False)
        try:
            async with httpx.AsyncClient(
                timeout=self._timeout, transport=self._transport, follow_redirects=False
            ) as client:
                response = await client.post(url, json={"text": text})
        except httpx.TimeoutException:
            raise DeliveryError("Timeout", transient=True) from None
        except httpx.HTTPError as error:
            raise DeliveryError(type(error).__name__, transient=True) from None
        status = response.status_code
        if 200 <= status < 300:
            return
        transient = status >= 500 or status in TRANSIENT_STATUSES
        raise DeliveryError(f"HTTP{status}", transient=transient)
