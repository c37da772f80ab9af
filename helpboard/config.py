"""Configuration read from the environment, with safe defaults for a single machine."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in the instance."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(instance_path: str) -> str:
    """Return DATABASE_URL, defaulting to an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'helpboard.db'}"
    # Heroku-style URLs name the old driver; psycopg 3 is the one installed.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def default_config(instance_path: str) -> dict:
    """Build the configuration for a normal run of the app."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": os.environ.get("HELPBOARD_SECURE_COOKIES") == "1",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(days=60),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=60),
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session; the outbox fetches a fresh one anyway
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": os.environ.get("HELPBOARD_RATELIMIT", "1") == "1",
        "POSTS_PER_PAGE": 20,
        "MAX_CONTENT_LENGTH": 256 * 1024,
    }
