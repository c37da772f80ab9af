"""Offline support: the service worker, the web app manifest, the offline and outbox pages."""

from flask import Blueprint

bp = Blueprint("offline", __name__)

from helpboard.offline import views  # noqa: E402, F401
