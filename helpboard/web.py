"""What every page shares: security headers, error pages, template helpers, assets."""

from pathlib import Path

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from webassets import Bundle, Environment

from helpboard.extensions import db
from helpboard.models.post import CATEGORIES, format_hours
from helpboard.services.clock import local_datetime, local_time
from helpboard.services.errors import DomainError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
    "manifest-src 'self'; worker-src 'self'"
)

ERROR_PAGES = {
    400: ("Something in that request was not right", "Go back and try again."),
    403: ("You can't see this page", "It is for other people, or you need to sign in."),
    404: ("Page not found", "The page may have moved, or the post was taken down."),
    405: ("That didn't work", "Go back and use the buttons on the page."),
    409: ("That has changed", "Someone changed this while you were looking."),
    413: ("That was too much to send", "Make it shorter and try again."),
    422: ("Check what you sent", "Go back and try again."),
    429: ("Too many tries", "Wait a few minutes, then try again."),
    500: ("Sorry, something went wrong on our side",
          "Nothing you typed was lost if you are using the app: it waits in your outbox."),
}


def init_app(app: Flask) -> None:
    """Attach headers, error pages, template helpers and the asset bundle."""
    app.after_request(_security_headers)
    for status in ERROR_PAGES:
        app.register_error_handler(status, _error_page)
    app.register_error_handler(DomainError, _domain_error_page)
    app.register_error_handler(CSRFError, _csrf_error_page)
    app.add_url_rule("/healthz", "healthz", _healthz)
    app.jinja_env.filters.update(when=local_datetime, time=local_time, hours=format_hours)
    app.jinja_env.globals.update(categories=CATEGORIES, css_urls=_css_bundle(app))
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


CSS_FILES = ("css/main.css", "css/outbox.css")


def _css_bundle(app: Flask):
    """Build the stylesheet once, named by its content hash, and return its URLs.

    A content-named file can be cached for ever by browsers and the service worker.
    """
    static = Path(app.static_folder)
    environment = Environment(str(static), app.static_url_path)
    environment.url_expire = False
    environment.manifest = f"json:{static / 'gen' / 'manifest.json'}"
    environment.cache = False
    files = [name for name in CSS_FILES if (static / name).exists()]
    bundle = Bundle(*files, output="gen/main.%(version)s.css")
    environment.register("main_css", bundle)
    urls = bundle.urls()
    return lambda: urls


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_user.is_authenticated and request.endpoint != "static":
        # Pages with names and contact details must not sit in shared caches.
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _error_page(error):
    status = getattr(error, "code", 500) or 500
    if _wants_json():
        from helpboard.api.problems import problem

        title, detail = ERROR_PAGES.get(status, ERROR_PAGES[500])
        return problem(status, title, detail)
    if status == 500:
        db.session.rollback()
    title, detail = ERROR_PAGES.get(status, ERROR_PAGES[500])
    return render_template("errors/error.html", title=title, detail=detail, status=status), status


def _domain_error_page(error: DomainError):
    if _wants_json():
        from helpboard.api.problems import problem_from

        return problem_from(error)
    db.session.rollback()
    title = ERROR_PAGES.get(error.status, ERROR_PAGES[400])[0]
    page = render_template("errors/error.html", title=title, detail=error.message,
                           status=error.status)
    return page, error.status


def _csrf_error_page(error: CSRFError):
    if _wants_json():
        from helpboard.api.problems import problem

        return problem(403, "Please refresh and try again", error.description, code="csrf")
    detail = ("This form was open too long, or your session ended. Go back, refresh the page "
              "and send it again.")
    page = render_template("errors/error.html", title="Please try that again", detail=detail,
                           status=400)
    return page, 400


def _healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": "reachable"}
