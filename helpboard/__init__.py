"""helpboard: a mobile-friendly, offline-first neighbourhood help board."""

import os
from pathlib import Path

from flask import Flask

from helpboard.config import default_config
from helpboard.extensions import csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("HELPBOARD_INSTANCE") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(app.instance_path))
    if test_config is not None:
        app.config.update(test_config)

    _init_extensions(app)
    _register_blueprints(app)

    from helpboard import cli, web

    web.init_app(app)
    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"

    from helpboard.services.accounts import load_session_user

    login_manager.user_loader(load_session_user)


def _register_blueprints(app: Flask) -> None:
    from helpboard import accounts, api, boards, coordinators, helpers, noticeboard, offline, posts

    for area in (accounts, boards, posts, helpers, coordinators, noticeboard, offline, api):
        app.register_blueprint(area.bp)
