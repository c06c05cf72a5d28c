"""The tablet's new pages through HTTP: set-up, the kiosk home as the worker may keep it, the
panel's language choice with its token, QR codes for addresses the kiosk does not open."""
from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from app import store
from kiosk_mode import devices, offsite
from tests.kiosk_mode.test_devices import enrolled_client


@pytest.fixture
def db(app):
    database = store.connect(app.config["DATABASE"])
    yield database
    database.conn.close()


def test_set_up_page_lists_every_allowed_language_and_has_no_kiosk_bar(app, client, runner):
    assert client.get("/kiosk/setup").status_code == 403
    enrolled_client(app, client, runner)
    page = client.get("/kiosk/setup")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'data-langs="da,ar,uk"' in html and 'data-names="Dansk|العربية|Українська"' in html
    assert 'data-home="/kiosk/?enrolled=1"' in html and "kiosk-setup.js" in html
    assert 'id="kiosk-bar"' not in html and "kiosk-end-session" not in html
    assert 'data-home="/kiosk/?refreshed=1"' in client.get("/kiosk/setup?refresh=1").get_data(as_text=True)


def test_kiosk_home_may_be_kept_by_the_worker_but_nothing_else_of_the_kiosk(app, client, runner):
    enrolled_client(app, client, runner)
    home = client.get("/kiosk/?lang=uk")
    assert home.headers["Cache-Control"] == "no-cache" and "Vary" not in home.headers
    assert 'data-all-langs="da,ar,uk"' in home.get_data(as_text=True)
    for path in ("/kiosk/setup", "/kiosk/settings.json"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert client.post("/kiosk/end").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/kiosk/static/kiosk.js").headers.get("Cache-Control", "")


def test_shown_languages_are_the_volunteers_pick_among_the_allowed(db):
    device, _ = devices.create_device(db, "Café", "2468", ["da", "ar", "uk"])
    assert devices.shown_languages(device) == ["da", "ar", "uk"]
    assert devices.set_languages(db, device, ["uk", "da"]) == ["da", "uk"]  # kept in the allowed order
    device = db["kiosk_devices"].get(device["id"])
    assert devices.shown_languages(device) == ["da", "uk"] and devices.allowed_languages(device) == ["da", "ar", "uk"]
    for bad in ([], ["de"], ["da", "tr"]):
        with pytest.raises(ValueError):
            devices.set_languages(db, device, bad)


def test_panel_token_is_given_for_a_right_pin_and_expires(db):
    device, _ = devices.create_device(db, "Café", "2468", ["da"])
    token = devices.open_panel(db, device, now=100)
    assert devices.panel_open(db, device, token, now=100 + devices.PANEL_SECONDS - 1)
    assert not devices.panel_open(db, device, token, now=100 + devices.PANEL_SECONDS + 1)
    assert not devices.panel_open(db, device, "guess", now=101) and not devices.panel_open(db, device, None, now=101)
    assert token not in str(db["kiosk_devices"].get(device["id"]))  # only its hash is stored


def test_languages_change_needs_the_panel_token_from_a_right_pin(app, client, runner):
    enrolled_client(app, client, runner)
    assert client.post("/kiosk/languages", data={"lang": ["da"]}).status_code == 403
    wrong = client.post("/kiosk/pin", data={"pin": "0000"})
    assert wrong.status_code == 403 and wrong.json["token"] is None
    token = client.post("/kiosk/pin", data={"pin": "2468"}).json["token"]
    assert client.post("/kiosk/languages", data={"token": token, "lang": ["de"]}).status_code == 400
    saved = client.post("/kiosk/languages", data={"token": token, "lang": ["uk", "ar"]})
    assert saved.status_code == 200 and saved.json["languages"] == ["ar", "uk"]
    assert client.get("/kiosk/settings.json").json == {"languages": ["ar", "uk"], "allowed": ["da", "ar", "uk"]}
    home = client.get("/kiosk/").get_data(as_text=True)
    assert '<html lang="ar"' in home  # the first shown language
    assert '<li hidden><a href="/kiosk/?lang=da"' in home and '<li><a href="/kiosk/?lang=uk"' in home
    assert '<html lang="da"' in client.get("/kiosk/?lang=da").get_data(as_text=True)  # allowed: still renders
    assert 'data-langs="ar,uk"' in client.get("/da/guides/").get_data(as_text=True)
    assert client.post("/kiosk/languages", data={"token": token, "lang": ["da"]},
                       headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_qr_code_for_an_address_the_kiosk_does_not_open(app, client, runner):
    url = "https://www.aeldresagen.dk/viden-og-raadgivning/hjaelp-og-pleje?x=1&y=2"
    assert client.get("/kiosk/qr.png", query_string={"url": url}).status_code == 403  # enrolled tablets only
    enrolled_client(app, client, runner)
    response = client.get("/kiosk/qr.png", query_string={"url": url})
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "no-store"  # no trace of the link in the HTTP cache
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert decoded.text == url
    for bad in ("", "javascript:alert(1)", "ftp://example.org/", "https://", "https://a b", "https://x/" + "a" * 700):
        assert client.get("/kiosk/qr.png", query_string={"url": bad}).status_code == 400, bad
    assert offsite.target(" https://skat.dk ") == "https://skat.dk"


def test_the_search_box_offers_no_earlier_searches(client):
    """Form autofill would show the next citizen what the last one searched for."""
    for path in ("/da/", "/uk/guides/", "/ar/guides/?q=MitID"):
        html = client.get(path).get_data(as_text=True)
        assert '<input id="q" name="q" type="search"' in html and 'autocomplete="off"' in html.split('id="q"')[1].split(">")[0]
