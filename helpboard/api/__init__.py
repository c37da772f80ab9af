"""The JSON API under /api/v1/: the same commands as the pages, and the outbox's sync endpoint."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from helpboard.api import views  # noqa: E402, F401
