"""Queue 200 posts offline in Chromium, go back online, and measure the sync.

Measures the time from "online" to an empty outbox, the requests made, and the bytes sent and
received per item (counted by WSGI middleware on the server). Writes its section of
docs/benchmarks.md. Run from the repository root:

    .venv/bin/python bench/outbox_sync.py [--items 200] [--runs 3]
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpboard import create_app  # noqa: E402
from helpboard.extensions import db  # noqa: E402
from helpboard.models import Board, Membership, Post, Role, User  # noqa: E402

CHROMIUM = os.environ.get("HELPBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PASSWORD = "bench password"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- outbox_sync:start -->", "<!-- outbox_sync:end -->"


class Meter:
    """WSGI middleware counting requests and bytes on /api/v1/."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.reset()

    def reset(self):
        """Start counting from zero."""
        self.requests = {"sync": 0, "session": 0}
        self.sent = self.received = 0
        self.server_seconds = 0.0

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/api/v1/"):
            return self.wsgi_app(environ, start_response)
        name = "sync" if path.endswith("/sync") else "session"
        self.requests[name] += 1
        headers = sum(len(k) - 5 + len(v) + 4 for k, v in environ.items() if k.startswith("HTTP_"))
        self.sent += int(environ.get("CONTENT_LENGTH") or 0) + headers
        started = time.perf_counter()
        body = list(self.wsgi_app(environ, start_response))
        self.server_seconds += time.perf_counter() - started
        self.received += sum(len(chunk) for chunk in body)
        return body


def serve(tmp: Path):
    """Start the app on a temporary SQLite database; return (app, meter, url)."""
    app = create_app({"SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}"})
    app.instance_path = str(tmp)
    with app.app_context():
        upgrade()
        board = Board(name="Bench Street", slug="bench-street")
        user = User(display_name="Bea", email="bea@example.org")
        user.set_password(PASSWORD)
        db.session.add_all([board, user, Membership(board=board, user=user, role=Role.MEMBER)])
        db.session.commit()
    meter = Meter(app.wsgi_app)
    app.wsgi_app = meter
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, meter, f"http://127.0.0.1:{server.server_port}"


def wait_for_outbox(page, count: int) -> None:
    """Poll the outbox inside the page until it holds ``count`` items."""
    page.evaluate("""async (count) => {
        while ((await self.OutboxDB.all()).length !== count) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }""", count)


def one_run(browser, app, meter, url: str, items: int, run: int) -> dict:
    """Queue ``items`` posts offline through the form, go online, time the sync."""
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/sign-in")
    page.fill("input[name=email]", "bea@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_url(lambda u: "/sign-in" not in u)
    page.goto("/b/bench-street/posts/new")
    page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        if (navigator.serviceWorker.controller) return;
        await new Promise((resolve) => navigator.serviceWorker
            .addEventListener('controllerchange', resolve, {once: true}));
    }""")
    page.goto("/b/bench-street/posts/new")  # now saved for offline use
    context.set_offline(True)
    for number in range(items):
        page.fill("input[name=title]", f"Run {run}: bench request number {number}")
        page.fill("textarea[name=details]", "Help with the shopping, a short walk, about an hour.")
        page.click("button:has-text('Put it on the board')")
        page.wait_for_selector("[data-outbox-saved]")
        page.evaluate("document.querySelector('[data-outbox-saved]').remove()")
    wait_for_outbox(page, items)
    meter.reset()
    started = time.perf_counter()
    context.set_offline(False)
    wait_for_outbox(page, 0)
    elapsed = time.perf_counter() - started
    with app.app_context():
        stored = db.session.query(Post).filter(Post.title.like(f"Run {run}: %")).count()
        db.session.remove()
    context.close()
    assert stored == items, f"expected {items} posts, the server has {stored}"
    return {"seconds": elapsed, "sent": meter.sent, "received": meter.received,
            "server": meter.server_seconds,
            **meter.requests}


def machine() -> str:
    """Describe this machine in one line."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def write_report(results: list[dict], items: int, chromium: str, command: str) -> str:
    """Put this benchmark's section into docs/benchmarks.md, keeping other sections."""
    seconds = statistics.median(r["seconds"] for r in results)
    run = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
    every_run = ", ".join(f"{r['seconds'] * 1000:.0f} ms" for r in results)
    section = "\n".join([
        START,
        f"## Offline outbox: sending a queue of {items} posts",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}; Python {platform.python_version()}; Chromium {chromium}; "
        "server: werkzeug (threaded) on 127.0.0.1, SQLite",
        f"- Command: `{command}`",
        f"- Method: {items} posts queued offline through the real form, then "
        "`context.set_offline(False)`; time until the outbox (IndexedDB) is empty, i.e. every "
        "item confirmed by the server and deleted. Bytes counted by WSGI middleware on "
        "/api/v1/ (request body + headers sent, response body received). "
        f"{len(results)} runs, median shown.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| time to sync {items} items (median) | {seconds * 1000:.0f} ms |",
        f"| all runs | {every_run} |",
        f"| items per second | {items / seconds:.0f} |",
        f"| of which the server spent (same run) | {run['server'] * 1000:.0f} ms in /api/v1/ |",
        f"| POST /api/v1/sync requests | {run['sync']} (batches of at most 50) |",
        f"| GET /api/v1/session requests | {run['session']} |",
        f"| bytes sent per item | {run['sent'] / items:.0f} |",
        f"| bytes received per item | {run['received'] / items:.0f} |",
        "",
        "Several senders can start at once on reconnect (Background Sync, the page's `online` "
        "event); the Web Lock makes them queue, and a sender that finds the outbox empty "
        "makes no request, so the counts above are what one reconnect costs.",
        END,
    ])
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text)
    return section


def main() -> None:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM} (set HELPBOARD_CHROMIUM)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        app, meter, url = serve(Path(tmp))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = [one_run(browser, app, meter, url, args.items, run) for run in range(args.runs)]
        command = "python bench/outbox_sync.py" + (
            f" --items {args.items}" if args.items != 200 else "") + (
            f" --runs {args.runs}" if args.runs != 3 else "")
        print(write_report(results, args.items, browser.version, command))
        browser.close()


if __name__ == "__main__":
    main()
