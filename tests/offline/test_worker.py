"""The service worker script: where it is served, how it is cached, what it precaches, its version."""
import re
import shutil

from app.languages import CODES
from tests.offline.helpers import ROOT, make_app, worker_config


def config_of(response) -> dict:
    return worker_config(response.get_data(as_text=True))


def test_worker_is_served_at_the_root_and_never_from_a_stale_http_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # at the root its scope is / already
    assert "addEventListener(\"fetch\"" in response.get_data(as_text=True)


def test_shell_holds_the_offline_page_of_every_language_and_every_script(client):
    shell = config_of(client.get("/sw.js"))["shell"]
    for lang in CODES:
        assert f"/{lang}/offline/" in shell
    step = client.get("/da/guides/mitid-app/1/").get_data(as_text=True)
    for url in re.findall(r'<script src="([^"]+)"', step) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', step):
        assert url.replace("&amp;", "&") in shell, url
    for url in shell:
        assert client.get(url).status_code == 200, url
    assert not [url for url in shell if "/staff/" in url or "/kiosk/" in url]


def test_cache_version_follows_content_and_static_files(tmp_path):
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    app = make_app(tmp_path / "instance", GUIDES_DIR=str(guides), GUIDES_RELOAD_SECONDS=0)
    client = app.test_client()
    first = config_of(client.get("/sw.js"))["version"]
    assert first == config_of(client.get("/sw.js"))["version"]
    assert app.config["STATIC_VERSION"][:8] in first
    path = guides / "mitid-app" / "da.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = config_of(client.get("/sw.js"))["version"]
    assert second != first
    assert client.get("/da/offline/guides.json").json["version"] == second


def test_worker_imports_the_scripts_other_parts_register(tmp_path):
    app = make_app(tmp_path / "instance")
    app.extensions["trinvis.worker_scripts"].append("js/site.js")
    body = app.test_client().get("/sw.js").get_data(as_text=True)
    assert re.search(r'^importScripts\("/static/js/site\.js\?v=\w+"\);$', body, re.M)


def test_worker_never_stores_staff_kiosk_administration_or_feedback():
    source = (ROOT / "app" / "offline" / "sw.js").read_text()
    never = re.search(r"var NEVER = /(.*)/;", source).group(1)
    # the same expression, in Python's dialect
    pattern = re.compile(never.replace("\\/", "/"))
    for path in ("/staff/", "/staff/login", "/staff/kiosk/", "/kiosk/pin", "/kiosk/enrol/abc", "/kiosk/setup",
                 "/kiosk/end", "/kiosk/qr.png", "/kiosk/heartbeat", "/da/guides/mitid-app/1/feedback",
                 "/push/subscriptions"):
        assert pattern.search(path), path
    # the kiosk home may be kept (an enrolled tablet that ends a visit offline shows it)
    for path in ("/da/guides/mitid-app/1/", "/static/css/site.css", "/kiosk/static/kiosk.js", "/da/", "/kiosk/"):
        assert not pattern.search(path), path
    assert 'if (request.method !== "GET") return;' in source
