"""The board pages: home, joining, the list of posts, members waiting for approval."""

from flask import Blueprint

bp = Blueprint("boards", __name__)

from helpboard.boards import views  # noqa: E402, F401
