"""The helpers area."""

from flask import Blueprint

bp = Blueprint("helpers", __name__)

from helpboard.helpers import views  # noqa: E402, F401
