"""Errors as ``application/problem+json`` (RFC 9457), with a message a person can read."""

from flask import jsonify

from helpboard.services.errors import DomainError

PROBLEM_TYPES = {400: "bad-request", 401: "sign-in", 403: "not-allowed", 404: "not-found",
                 409: "conflict", 413: "too-large", 422: "invalid", 429: "too-many", 500: "error"}


def problem(status: int, title: str, detail: str = "", **extra):
    """Return a problem+json response."""
    body = {"type": f"/api/v1/problems/{PROBLEM_TYPES.get(status, 'error')}", "title": title,
            "status": status, "detail": detail or title, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def problem_from(error: DomainError):
    """Return a problem+json response for a domain error."""
    extra = {"errors": error.errors} if error.errors else {}
    return problem(error.status, error.message, error.message, **extra)
