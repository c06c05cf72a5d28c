"""The README's nginx configurations, run by a real nginx: the export served with no Python."""
import gzip
import re
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from app.offline.export import export_site
from tests.offline.helpers import ROOT, Nginx, free_port, nginx_config, small_site

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url, **headers):
    try:
        response = OPENER.open(urllib.request.Request(url, headers=headers), timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx-export")
    app = small_site(folder)
    export_site(app, folder / "site")
    port = free_port()
    with Nginx(nginx_config("export.conf", folder, port, root=folder / "site"), port) as server:
        server.short_code = app.short_code
        yield server


def test_front_door_picks_the_browser_language(nginx):
    status, headers, _ = fetch(nginx.url + "/", **{"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert status == 302 and headers["Location"].endswith("/uk/")
    status, headers, _ = fetch(nginx.url + "/", **{"Accept-Language": "fi"})
    assert status == 302 and headers["Location"].endswith("/da/")


def test_pages_are_served_compressed_with_the_apps_headers(nginx):
    status, headers, body = fetch(nginx.url + "/ar/guides/mitid-app/2/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Content-Encoding"] == "gzip"
    assert '<html lang="ar" dir="rtl">' in gzip.decompress(body).decode()
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    status, headers, _ = fetch(nginx.url + "/ar/guides/mitid-app")
    assert status == 301 and headers["Location"].endswith("/ar/guides/mitid-app/")


def test_worker_manifest_and_static_files(nginx):
    status, headers, body = fetch(nginx.url + "/sw.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert headers["Cache-Control"] == "no-cache"
    assert b"var CONFIG" in body
    status, headers, _ = fetch(nginx.url + "/en/manifest.webmanifest")
    assert status == 200 and headers["Content-Type"].startswith("application/manifest+json")
    status, headers, _ = fetch(nginx.url + "/static/css/site.css?v=1")
    assert status == 200 and "max-age=31536000" in headers["Cache-Control"]
    status, headers, _ = fetch(nginx.url + "/media/mitid-app/pin.svg?v=1")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"


def test_short_links_are_real_redirects(nginx):
    for code in (nginx.short_code, nginx.short_code.lower()):  # typed in lower case works too
        status, headers, _ = fetch(nginx.url + f"/q/{code}")
        assert status == 301 and headers["Location"].endswith("/uk/guides/mitid-app/")


def test_missing_pages_get_the_404_page_of_their_language(nginx):
    status, _, body = fetch(nginx.url + "/uk/guides/no-such-guide/")
    assert status == 404 and '<html lang="uk"' in body.decode()
    status, _, body = fetch(nginx.url + "/nothing-here")
    assert status == 404 and '<html lang="da"' in body.decode()
    for private in ("/.trinvis-export", "/redirects.map", "/_redirects"):
        assert fetch(nginx.url + private)[0] == 404


def test_app_configuration_is_valid_nginx(tmp_path):
    config = nginx_config("app.conf", tmp_path, free_port(), root=ROOT / "app" / "static")
    result = subprocess.run(["nginx", "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_shows_both_configurations_as_they_are():
    readme = (ROOT / "README.md").read_text()
    for name in ("export.conf", "app.conf"):
        body = (ROOT / "app" / "offline" / "nginx" / name).read_text()
        assert re.search(r"```nginx\n" + re.escape(body) + "```", readme), f"README does not show {name} as it is"


def test_the_language_lists_in_the_export_configuration_are_the_apps():
    """export.conf names the languages twice (the front door's choice and the 404 page of each
    language); app/languages.py is the one list, so a new language must reach both."""
    from app.languages import CODES, SOURCE
    body = (ROOT / "app" / "offline" / "nginx" / "export.conf").read_text()
    front = re.search(r'"~\*\^\(\?<first>([a-z|]+)\)\\b" \$first;', body)
    missing = re.search(r'"~\^/\(\?<lang>([a-z|]+)\)/" /\$lang/404\.html;', body)
    assert front and missing, "export.conf no longer has the two language maps this test reads"
    front_codes, missing_codes = front.group(1).split("|"), missing.group(1).split("|")
    # Danish is the front door's default, so it need not be listed there (it may be)
    assert sorted(set(front_codes) | {SOURCE}) == sorted(CODES) and len(set(front_codes)) == len(front_codes), \
        f"export.conf's Accept-Language map has {front_codes}; app/languages.py has {list(CODES)}"
    assert sorted(missing_codes) == sorted(CODES), \
        f"export.conf's 404 map has {missing_codes}; app/languages.py has {list(CODES)}"
