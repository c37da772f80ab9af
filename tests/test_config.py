"""Configuration from the environment, with safe defaults (helpboard.config)."""

import stat

import pytest

from helpboard import create_app
from helpboard.config import database_url, default_config, secret_key


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "HELPBOARD_SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_secret_key_is_made_once_and_kept_in_the_instance_folder(clean_env, tmp_path):
    first = secret_key(str(tmp_path / "instance"))
    key_file = tmp_path / "instance" / "secret_key"
    assert len(first) >= 32 and key_file.read_text() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secret_key(str(tmp_path / "instance")) == first
    assert secret_key(str(tmp_path / "elsewhere")) != first


def test_a_secret_key_from_the_environment_wins(clean_env, tmp_path):
    clean_env.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_the_app_reuses_the_key_across_restarts(clean_env, tmp_path):
    clean_env.setenv("HELPBOARD_INSTANCE", str(tmp_path))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    again = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    assert first.instance_path == str(tmp_path)


def test_the_database_defaults_to_sqlite_in_the_instance_folder(clean_env, tmp_path):
    assert database_url(str(tmp_path)) == f"sqlite:///{tmp_path / 'helpboard.db'}"


@pytest.mark.parametrize(("given", "used"), [
    ("postgres://u:p@db:5432/help", "postgresql+psycopg://u:p@db:5432/help"),
    ("postgresql://u:p@db/help", "postgresql+psycopg://u:p@db/help"),
    ("postgresql+psycopg://u@db/help", "postgresql+psycopg://u@db/help"),
    ("sqlite:////srv/help.db", "sqlite:////srv/help.db"),
])
def test_database_urls_are_normalised_to_the_installed_driver(clean_env, tmp_path, given, used):
    clean_env.setenv("DATABASE_URL", given)
    assert database_url(str(tmp_path)) == used


def test_cookies_are_secure_when_asked_and_never_readable_by_scripts(clean_env, tmp_path):
    config = default_config(str(tmp_path))
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_COOKIE_SECURE"] is False
    clean_env.setenv("HELPBOARD_SECURE_COOKIES", "1")
    assert default_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
