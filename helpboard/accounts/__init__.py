"""Registering, signing in and out, profiles and "My activity"."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from helpboard.accounts import views  # noqa: E402, F401
