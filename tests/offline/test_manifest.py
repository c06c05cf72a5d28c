"""The manifest: installable (name, icons incl. maskable, standalone, start_url in the visitor's language)."""
import io
import json

import pytest
from PIL import Image

from app.languages import CODES


def test_manifest_follows_the_browser_language(client):
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": "uk,en;q=0.5"})
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert "Accept-Language" in response.headers["Vary"]
    manifest = json.loads(response.data)
    assert manifest["start_url"] == "/uk/"
    assert manifest["lang"] == "uk"
    assert client.get("/manifest.webmanifest").json["start_url"] == "/da/"


@pytest.mark.parametrize("lang", CODES)
def test_each_language_has_its_manifest(client, lang):
    manifest = json.loads(client.get(f"/{lang}/manifest.webmanifest").data)
    assert manifest["start_url"] == f"/{lang}/"
    assert manifest["id"] == "/" and manifest["scope"] == "/"  # one app, whatever the language
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] == "Trinvis"
    assert manifest["name"].startswith("Trinvis")
    assert manifest["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert manifest["theme_color"].startswith("#")
    if lang not in ("da", "en"):
        assert manifest["description"] != json.loads(client.get("/en/manifest.webmanifest").data)["description"]


def test_pages_link_the_manifest_of_their_language(client):
    html = client.get("/ar/guides/").get_data(as_text=True)
    assert '<link rel="manifest" href="/ar/manifest.webmanifest">' in html
    assert '<meta name="theme-color"' in html


def test_icons_are_real_images_of_the_stated_size(client):
    icons = client.get("/en/manifest.webmanifest").json["icons"]
    purposes = [icon["purpose"] for icon in icons]
    assert "maskable" in purposes and "any" in purposes
    kinds = {icon["type"] for icon in icons}
    assert kinds == {"image/png", "image/svg+xml"}
    sizes = set()
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            image = Image.open(io.BytesIO(response.data))
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(image.width)
            if icon["purpose"] == "maskable":
                # full bleed: a maskable icon has no transparent corners for the mask to show
                assert image.convert("RGBA").getpixel((0, 0))[3] == 255
        else:
            assert b"<svg" in response.data
    assert {192, 512} <= sizes
