"""Post pages: new and edit forms, the post page and its buttons."""

from flask import Blueprint

bp = Blueprint("posts", __name__)

from helpboard.posts import views  # noqa: E402, F401
