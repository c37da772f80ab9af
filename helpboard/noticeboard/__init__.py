"""The noticeboard area."""

from flask import Blueprint

bp = Blueprint("noticeboard", __name__)

from helpboard.noticeboard import views  # noqa: E402, F401
