"""What the demo shows while it runs: the phase, the simulated date and the platform's counts."""

from __future__ import annotations

import time
from typing import TextIO

from cli.demo.events import EventTail


class Progress:
    """One line that updates in place on a terminal; a line per phase and per program week."""

    def __init__(self, stream: TextIO, tail: EventTail) -> None:
        self._stream = stream
        self._tail = tail
        self._live = stream.isatty()
        self._began = time.monotonic()
        self.where = ""

    def _clock(self) -> str:
        minutes, seconds = divmod(int(time.monotonic() - self._began), 60)
        return f"{minutes:2d}:{seconds:02d}"

    def phase(self, text: str) -> None:
        self._write(f"[{self._clock()}] {text}", keep=True)

    def counts(self) -> str:
        t = self._tail.total
        sent = sum(sum(p.sent_by_channel.values()) for p in self._tail.programs.values())
        return (
            f"joined {t('ParticipantJoined')} | pairs {t('PairCreated')} | sessions planned "
            f"{t('SessionScheduled')} held {t('SessionCompleted')} missed {t('SessionMissed')} | "
            f"feedback {t('FeedbackSubmitted')} | at risk {t('PairAtRisk')} ended "
            f"{t('PairEnded')} | notifications {sent}"
        )

    def status(self, *, keep: bool = False) -> None:
        self._write(f"[{self._clock()}] {self.where:<22} {self.counts()}", keep=keep)

    def _write(self, text: str, *, keep: bool) -> None:
        if self._live:
            self._stream.write("\r\x1b[2K" + text + ("\n" if keep else ""))
        elif keep:
            self._stream.write(text + "\n")
        self._stream.flush()
