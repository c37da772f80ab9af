"""The offline blueprint: the worker and manifest at fixed URLs, the offline and outbox pages."""

import json
import re

from helpboard.offline.views import release


def test_worker_is_served_at_a_fixed_url_with_this_release_stamped_in(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    source = response.get_data(as_text=True)
    version = re.search(r"^const VERSION = (.*);$", source, re.M).group(1)
    assets = json.loads(re.search(r"^const ASSETS = (.*);$", source, re.M).group(1))
    assert json.loads(version) not in ("dev", "")
    assert "/static/js/outbox.js" in assets and "/static/css/outbox.css" in assets
    assert "/static/icons/icon-192.png" in assets
    assert "/static/manifest.webmanifest" not in assets
    assert any(url.startswith("/static/gen/main.") for url in assets)  # the current bundle
    assert not any(url.startswith("/static/gen/") and url.endswith(".tmp") for url in assets)


def test_worker_version_changes_when_a_static_file_changes(tmp_path):
    (tmp_path / "a.css").write_text("a{}")
    first, urls = release(str(tmp_path), "/static")
    assert urls == ["/static/a.css"]
    (tmp_path / "a.css").write_text("a{color:red}")
    second, _ = release(str(tmp_path), "/static")
    assert first != second


def test_worker_version_can_be_pinned_by_configuration(app, client):
    app.config["HELPBOARD_SW_VERSION"] = "pinned"
    try:
        assert 'const VERSION = "pinned";' in client.get("/sw.js").get_data(as_text=True)
    finally:
        del app.config["HELPBOARD_SW_VERSION"]


def test_manifest_has_its_mime_type_and_install_fields(client):
    with client.get("/manifest.webmanifest") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/manifest+json"
        manifest = response.get_json(force=True)
    assert manifest["name"] == manifest["short_name"] == "helpboard"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as response:
            assert response.status_code == 200


def test_icons_are_pngs_of_the_stated_sizes(client):
    for name, size in (("icon-192.png", 192), ("icon-512.png", 512),
                       ("icon-maskable-512.png", 512), ("apple-touch-icon.png", 180)):
        with client.get(f"/static/icons/{name}") as response:
            data = response.data
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        assert int.from_bytes(data[16:20]) == int.from_bytes(data[20:24]) == size, name


def test_offline_page_works_signed_out(client):
    page = client.get("/offline").get_data(as_text=True)
    assert "You're offline" in page
    assert 'data-module="cached-pages"' in page
    assert "<!--offline-banner-->" in page  # the worker's marker is left for other pages


def test_outbox_page_explains_itself_without_javascript(client):
    page = client.get("/outbox").get_data(as_text=True)
    assert "It needs JavaScript" in page
    assert 'data-module="outbox-page"' in page
