"""Serve the service worker and manifest at fixed URLs, and the two pages that work offline."""

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, render_template, send_from_directory

from helpboard.offline import bp

WORKER_FILE = Path(__file__).resolve().parents[2] / "service_worker" / "sw.js"
# Files the worker never precaches: the manifest has its own route, the rest are not for pages.
NOT_PRECACHED = {"manifest.webmanifest", ".gitkeep"}
GENERATED = "gen"  # webassets output: old builds pile up there, only the current one is wanted


@bp.route("/sw.js")
def service_worker():
    """Serve the worker at one fixed URL, stamped with this release's version and files.

    Any change to a static file changes the stamped bytes, so browsers see a new worker; the
    worker's URL itself never changes (a new URL per release strands old workers).
    """
    version, assets = release(current_app.static_folder, current_app.static_url_path)
    assets = assets + generated_assets()
    version = current_app.config.get("HELPBOARD_SW_VERSION") or version
    source = WORKER_FILE.read_text(encoding="utf-8")
    source = re.sub(r"^const VERSION = .*$", f"const VERSION = {json.dumps(version)};",
                    source, count=1, flags=re.M)
    source = re.sub(r"^const ASSETS = .*$", f"const ASSETS = {json.dumps(assets)};",
                    source, count=1, flags=re.M)
    response = Response(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest with its own MIME type."""
    response = send_from_directory(current_app.static_folder, "manifest.webmanifest",
                                   mimetype="application/manifest+json", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline_page():
    """Say the page could not be reached; the script lists the pages kept on this phone."""
    return render_template("offline/offline.html")


@bp.route("/outbox")
def outbox_page():
    """Show what waits to be sent; the script fills the list from this phone's storage."""
    return render_template("offline/outbox.html")


def generated_assets() -> list[str]:
    """Return the URLs of the current fingerprinted bundles (the stylesheet) if there are any."""
    css_urls = current_app.jinja_env.globals.get("css_urls")
    return list(css_urls()) if callable(css_urls) else []


def release(static_folder: str, static_url: str) -> tuple[str, list[str]]:
    """Return a version hashed from every static file, and their URLs, for the worker."""
    folder = Path(static_folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_PRECACHED
                   and p.relative_to(folder).parts[0] != GENERATED)
    # Stat is cheap; the hash is only recomputed when a file's name, size or time changed.
    stamp = tuple((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in files)
    return _hash_files(static_folder, static_url, stamp)


@lru_cache(maxsize=4)
def _hash_files(static_folder: str, static_url: str, stamp: tuple) -> tuple[str, list[str]]:
    digest = hashlib.sha256()
    for relative, _mtime, _size in stamp:
        digest.update(relative.encode() + b"\0" + (Path(static_folder) / relative).read_bytes())
    return digest.hexdigest()[:12], [f"{static_url}/{relative}" for relative, *_ in stamp]
