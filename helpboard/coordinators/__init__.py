"""The coordinators area."""

from flask import Blueprint

bp = Blueprint("coordinators", __name__)

from helpboard.coordinators import views  # noqa: E402, F401
