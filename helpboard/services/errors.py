"""Domain errors raised by the services; views and the API turn them into pages or JSON."""


class DomainError(Exception):
    """A rule said no. ``message`` is written for the person who tried."""

    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(DomainError):
    """The thing does not exist, or the person may not know it exists."""

    status = 404


class NotAllowed(DomainError):
    """The person may not do this."""

    status = 403


class Conflict(DomainError):
    """The thing changed since the person last saw it."""

    status = 409


class Invalid(DomainError):
    """The input does not pass validation; ``errors`` maps field names to messages."""

    status = 422
