"""Measure what the demo board page costs to download: its HTML and CSS, gzip-compressed.

The budget is 14 KB (14 × 1024 bytes) for the HTML and every stylesheet it links, so the board
fits in the first round trips of a slow phone connection. tests/test_budget.py asserts the same
number on every run; this script prints it and writes its section of docs/benchmarks.md. Run
from the repository root:

    .venv/bin/python bench/page_weight.py [--no-report]
"""

import argparse
import gzip
import os
import platform
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 14 * 1024
GZIP_LEVEL = 6
BOARD_URL = "/b/demo-street"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- page_weight:start -->", "<!-- page_weight:end -->"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
LINK = re.compile(r'\b(?:src|href)="([^"]*)"')


def gzipped(data: bytes) -> int:
    """Return the size of the bytes gzip-compressed at level 6, as a web server sends them."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL))


@dataclass
class PageWeight:
    """What one page and its stylesheets weigh, raw and compressed."""

    html_bytes: int
    html_gzip: int
    css: dict[str, tuple[int, int]] = field(default_factory=dict)  # url → (raw, gzip)
    links: list[str] = field(default_factory=list)  # every src and href on the page

    @property
    def total_gzip(self) -> int:
        """Return the compressed HTML plus every compressed stylesheet."""
        return self.html_gzip + sum(size for _, size in self.css.values())

    @property
    def third_party(self) -> list[str]:
        """Return the links that leave this site (another host, or any absolute URL)."""
        return [url for url in self.links if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)]


def measure(client, url: str = BOARD_URL) -> PageWeight:
    """Fetch a page with a signed-in test client, and every stylesheet it links."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.get_data()
    text = html.decode()
    weight = PageWeight(html_bytes=len(html), html_gzip=gzipped(html), links=LINK.findall(text))
    for href in STYLESHEET.findall(text):
        sheet = client.get(href)
        assert sheet.status_code == 200, href
        data = sheet.get_data()
        sheet.close()
        weight.css[href] = (len(data), gzipped(data))
    return weight


def demo_client():
    """Return an app on a fresh SQLite file with the demo seeded, and a signed-in client."""
    tmp = tempfile.mkdtemp(prefix="helpboard-bench-")
    os.environ.setdefault("HELPBOARD_INSTANCE", tmp)  # keep the key file out of the repository
    from flask_migrate import upgrade

    from helpboard import create_app
    from helpboard.cli import DEMO_PASSWORD, seed_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        seed_demo()
    client = app.test_client()
    client.post("/sign-in", data={"email": "ben@example.org", "password": DEMO_PASSWORD})
    return app, client


def summary(weight: PageWeight) -> list[tuple[str, str]]:
    """Return the measures as rows of (what, value)."""
    rows = [("board page HTML", f"{weight.html_bytes} B, {weight.html_gzip} B gzipped")]
    for href, (raw, packed) in weight.css.items():
        rows.append((f"stylesheet `{href}`", f"{raw} B, {packed} B gzipped"))
    rows.append(("HTML + CSS gzipped", f"{weight.total_gzip} B of {BUDGET} B "
                 f"({weight.total_gzip / BUDGET:.0%} of the budget)"))
    rows.append(("third-party requests", str(len(weight.third_party))))
    return rows


def cpu_name() -> str:
    """Return the processor's model name, as /proc/cpuinfo gives it."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.machine()


def write_report(weight: PageWeight, command: str) -> None:
    """Put this benchmark's section into docs/benchmarks.md, replacing an older one."""
    machine = f"{cpu_name()}, {os.cpu_count()} CPUs, {platform.system()} " \
              f"{platform.release()}; Python {platform.python_version()}"
    lines = [START, "## Page weight: the demo board page", "",
             f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", f"- Machine: {machine}",
             f"- Command: `{command}`",
             "- Method: the demo board seeded by `flask demo`, signed in as a demo neighbour, "
             f"`GET {BOARD_URL}` through the Flask test client; the HTML and every linked "
             f"stylesheet gzip-compressed at level {GZIP_LEVEL} one by one, as a server sends "
             "them. The budget is 14 KB (14 × 1024 bytes); tests/test_budget.py checks it.",
             "", "| measure | value |", "|---|---|",
             *[f"| {what} | {value} |" for what, value in summary(weight)], END]
    section = "\n".join(lines)
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text)


def main() -> None:
    """Measure the demo board page, print the sizes and update the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-report", action="store_true", help="only print the sizes")
    args = parser.parse_args()
    app, client = demo_client()
    with app.app_context():
        weight = measure(client)
    for what, value in summary(weight):
        print(f"{what}: {value}")
    if not args.no_report:
        write_report(weight, "python bench/page_weight.py")
        print(f"Wrote {REPORT.relative_to(ROOT)}")
    sys.exit(0 if weight.total_gzip <= BUDGET and not weight.third_party else 1)


if __name__ == "__main__":
    main()
