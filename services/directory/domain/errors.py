"""Why the directory refuses a request; the SCIM boundary maps each to a status and scimType."""

from __future__ import annotations


class DirectoryRefused(Exception):
    status = 400
    scim_type: str | None = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnknownPerson(DirectoryRefused):
    status = 404

    def __init__(self) -> None:
        super().__init__("no such user")


class UserNameTaken(DirectoryRefused):
    status = 409
    scim_type: str | None = "uniqueness"

    def __init__(self) -> None:
        super().__init__("userName is already taken by another user of this connection")


class VersionMismatch(DirectoryRefused):
    status = 412

    def __init__(self) -> None:
        super().__init__("the user changed since the version given in If-Match")


class ChangedMeanwhile(DirectoryRefused):
    status = 409

    def __init__(self) -> None:
        super().__init__("the user kept changing meanwhile; read it again and retry")


class InvalidFilter(DirectoryRefused):
    scim_type: str | None = "invalidFilter"


class InvalidRequest(DirectoryRefused):
    scim_type: str | None = "invalidSyntax"


class InvalidValue(DirectoryRefused):
    scim_type: str | None = "invalidValue"
