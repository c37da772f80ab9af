"""Take the README pictures: the demo board on a phone, and the noticeboard print-out.

Serves the app on a throwaway SQLite database seeded with the demo, signs in as a demo neighbour
in Chromium and saves PNG files to docs/images/. Run from the repository root:

    .venv/bin/python bench/screenshot.py
"""

import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpboard import create_app  # noqa: E402
from helpboard.cli import DEMO_PASSWORD, seed_demo  # noqa: E402

OUT = ROOT / "docs" / "images"
BOARD = "/b/demo-street"
PRINT = f"{BOARD}/print"
NEIGHBOUR = "cara@example.org"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
A4 = {"viewport": {"width": 794, "height": 1123}, "device_scale_factor": 2,  # 96 dpi
      "bypass_csp": True}  # to draw the paper margin with a style tag
PAPER_MARGIN = "body{padding:10mm}"  # @page margins only exist on paper: draw them here
PUBLIC_HOST = "helpboard.example"  # the address printed on the sheet, not the throwaway port
# The same Chromium and flags as tests/e2e/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """Return Debian's Chromium (or HELPBOARD_CHROMIUM); None means Playwright's own build."""
    return os.environ.get("HELPBOARD_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def demo_app(folder: Path):
    """Return the app on a fresh SQLite database holding the demo board."""
    app = create_app({
        "SECRET_KEY": "screenshots",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.db'}",
        "RATELIMIT_ENABLED": False,
    })
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        seed_demo()
    return app


def public_address(app):
    """Serve the print-out as if from https://helpboard.example, not a throwaway port."""

    def serve(environ, start_response):
        if environ["PATH_INFO"] == PRINT:
            environ.update({"HTTP_HOST": PUBLIC_HOST, "wsgi.url_scheme": "https"})
        return app(environ, start_response)

    return serve


def sign_in(page, email: str) -> None:
    """Sign in through the real form."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def shoot_board(browser, url: str) -> Path:
    """Save the board as a signed-in neighbour sees it on a phone."""
    context = browser.new_context(base_url=url, **PHONE)
    page = context.new_page()
    sign_in(page, NEIGHBOUR)
    page.goto(BOARD)
    path = OUT / "board-phone.png"
    page.screenshot(path=str(path), full_page=False)
    context.close()
    return path


def shoot_print(browser, url: str) -> Path | None:
    """Save the noticeboard print-out as it comes off the printer, if that page exists yet."""
    context = browser.new_context(base_url=url, **A4)
    page = context.new_page()
    sign_in(page, "ann@example.org")  # the coordinator prints the sheet
    response = page.goto(PRINT)
    if response is None or response.status == 404:
        print(f"note: {PRINT} is not there yet (404); no print picture taken")
        context.close()
        return None
    page.emulate_media(media="print")
    page.add_style_tag(content=PAPER_MARGIN)
    path = OUT / "noticeboard-print.png"
    page.screenshot(path=str(path), full_page=False)
    context.close()
    return path


def main() -> None:
    """Serve the demo, take the pictures, stop."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        server = make_server("127.0.0.1", 0, public_address(demo_app(Path(folder))),
                             threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(),
                                                     args=CHROMIUM_ARGS)
                for path in (shoot_board(browser, url), shoot_print(browser, url)):
                    if path:
                        print(f"saved {path.relative_to(ROOT)}")
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
