"""Email over SMTP (aiosmtplib), with calendar invitations the way calendar clients expect.

Error mapping: SMTP 4xx, timeouts, dropped connections and authentication failures (a
configuration problem that will be fixed, not the message's fault) are transient; other 5xx
replies are permanent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import aiosmtplib
from icalendar import Calendar

from services.notifications.domain.model import Attachment, DeliveryError, OutgoingEmail


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # "none" | "starttls" | "tls"
    from_address: str
    from_name: str
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = 20.0


def calendar_text(attachment: Attachment) -> str:
    """The invitation with a METHOD matching the email's; left as sent if it cannot be parsed
    (a slightly imperfect invite is better than no message)."""
    try:
        calendar = Calendar.from_ical(attachment.ics)
    except ValueError:
        return attachment.ics
    if "METHOD" not in calendar:
        calendar.add("METHOD", attachment.method)
    ics: bytes = calendar.to_ical()  # icalendar has no type hints: its bytes, by its docs
    return ics.decode("utf-8")


def build_message(email: OutgoingEmail, config: SmtpConfig, *, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config.from_name, config.from_address))
    message["To"] = formataddr((email.to_name or "", email.to_address))
    message["Subject"] = email.subject
    message["Date"] = format_datetime(now.astimezone(UTC))
    domain = config.from_address.rsplit("@", 1)[-1]
    message["Message-ID"] = f"<{email.reference}@{domain}>"
    # RFC 3834: tells auto-responders not to answer.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.body, charset="utf-8")
    if email.attachment is not None:
        ics = calendar_text(email.attachment)
        method = email.attachment.method
        # Like the big calendar providers: the invitation inline as an alternative body part
        # (what Outlook and Gmail act on) and as an .ics attachment for everything else.
        message.add_alternative(ics, subtype="calendar", params={"method": method})
        message.add_attachment(
            ics.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename="invite.ics",
        )
        # A session that left its series is a calendar of its own: one VCALENDAR per iTIP
        # part, so it travels as a further attachment the reader opens.
        for number, extra in enumerate(email.attachment.extra, start=1):
            message.add_attachment(
                extra.encode("utf-8"),
                maintype="application",
                subtype="ics",
                filename=f"session-{number}.ics",
            )
    return message


@dataclass(slots=True)
class _Connection:
    client: aiosmtplib.SMTP
    sent: int
    idle_since: float


class SmtpEmailSender:
    """Sends over a few kept-open connections: one connection (and its greeting, TLS and
    login) serves many messages, instead of one connection per message.

    A connection is kept only after a message it carried was accepted, for at most
    `max_per_connection` messages and `max_idle_seconds` of idleness (servers close idle
    clients); any failure closes it. A kept connection the server closed meanwhile fails at
    its first command, before any message data: that message is sent again on a fresh one.
    """

    def __init__(
        self,
        config: SmtpConfig,
        *,
        kept_connections: int = 8,
        max_per_connection: int = 100,
        max_idle_seconds: float = 20.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._kept: list[_Connection] = []
        self._max_kept = kept_connections
        self._max_per_connection = max_per_connection
        self._max_idle = max_idle_seconds
        self._monotonic = monotonic

    async def send(self, email: OutgoingEmail) -> None:
        message = build_message(email, self._config, now=datetime.now(UTC))
        try:
            await self._send(message)
        except aiosmtplib.SMTPAuthenticationError as error:
            raise DeliveryError(
                f"SMTP{error.code}", transient=True, detail="authentication"
            ) from None
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refused.code for refused in error.recipients]
            transient = bool(codes) and all(400 <= code < 500 for code in codes)
            raise DeliveryError(f"SMTP{codes[0] if codes else 550}", transient=transient) from None
        except aiosmtplib.SMTPResponseException as error:
            transient = 400 <= error.code < 500
            raise DeliveryError(f"SMTP{error.code}", transient=transient) from None
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as error:
            raise DeliveryError(type(error).__name__, transient=True) from None

    async def _send(self, message: EmailMessage) -> None:
        kept = self._take_kept()
        if kept is not None:
            try:
                await kept.client.send_message(message)
            except aiosmtplib.SMTPServerDisconnected:
                kept.client.close()  # closed while idle: no data was sent, try a fresh one
            except BaseException:
                kept.client.close()
                raise
            else:
                self._keep(kept)
                return
        fresh = _Connection(self._client(), 0, 0.0)
        try:
            await fresh.client.connect()
            await fresh.client.send_message(message)
        except BaseException:
            fresh.client.close()
            raise
        self._keep(fresh)

    def _take_kept(self) -> _Connection | None:
        now = self._monotonic()
        while self._kept:
            kept = self._kept.pop()
            if now - kept.idle_since <= self._max_idle and kept.client.is_connected:
                return kept
            kept.client.close()
        return None

    def _keep(self, connection: _Connection) -> None:
        connection.sent += 1
        connection.idle_since = self._monotonic()
        if (
            len(self._kept) < self._max_kept
            and connection.sent < self._max_per_connection
            and connection.client.is_connected
        ):
            self._kept.append(connection)
        else:
            connection.client.close()

    def _client(self) -> aiosmtplib.SMTP:
        config = self._config
        return aiosmtplib.SMTP(
            hostname=config.host,
            port=config.port,
            username=config.username,
            password=config.password,
            use_tls=config.security == "tls",
            start_tls=config.security == "starttls",
            timeout=config.timeout_seconds,
        )
