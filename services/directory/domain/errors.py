"""Why the directory refuses a request; the SCIM boundary (`entrypoints/scim_errors.py`) maps
each to a status and scimType."""

from __future__ import annotations


class DirectoryRefused(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnknownPerson(DirectoryRefused):
    def __init__(self) -> None:
        super().__init__("no such user")


class UserNameTaken(DirectoryRefused):
    def __init__(self) -> None:
        super().__init__("userName is already taken by another user of this connection")


class PersonIdTaken(DirectoryRefused):
    def __init__(self) -> None:
        super().__init__(
            "externalId names another user of the directory (perhaps one deleted): "
            "person ids come from externalId here and are never reused"
        )


class Immutable(DirectoryRefused):
    """An attribute that cannot change once set."""


class VersionMismatch(DirectoryRefused):
    def __init__(self) -> None:
        super().__init__("the user changed since the version given in If-Match")


class ChangedMeanwhile(DirectoryRefused):
    def __init__(self) -> None:
        super().__init__("the user kept changing meanwhile; read it again and retry")


class InvalidFilter(DirectoryRefused):
    """A filter the directory cannot parse or does not support."""


class InvalidRequest(DirectoryRefused):
    """A body that is not a JSON object, or too large."""


class InvalidValue(DirectoryRefused):
    """A value outside what the directory accepts."""
