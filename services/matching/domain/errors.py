"""What the matching service refuses, with a stable code; the HTTP API maps each to a status."""

from __future__ import annotations


class MatchingRefused(Exception):
    """A command that cannot be carried out as asked; `code` is stable for clients.

    `conflict` marks refusals caused by the current state (HTTP 409) rather than by the
    request itself (HTTP 422).
    """

    def __init__(self, code: str, message: str, *, conflict: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.conflict = conflict


class UnknownEntity(MatchingRefused):
    """No such program, participant, pair or round (HTTP 404)."""

    def __init__(self, what: str) -> None:
        super().__init__("not_found", f"{what} not found", conflict=False)
        self.what = what


class RoundInProgress(MatchingRefused):
    """Another round of the program holds its lease (another instance, or the automatic
    rounds): the caller may try again once it is over."""

    def __init__(self) -> None:
        super().__init__("round_in_progress", "a round for this program is already running")


class InvitationClosed(MatchingRefused):
    """An invitation answered already (accepted or declined): HTTP 409."""

    def __init__(self) -> None:
        super().__init__("invitation_closed", "this invitation was answered already")
