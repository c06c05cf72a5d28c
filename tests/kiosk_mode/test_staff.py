"""Enrolling a tablet from the staff area: the form's rules, the one-time URL and its QR code,
the kit in the lending register."""
from __future__ import annotations

import base64
import io
import re

import zxingcpp
from PIL import Image

from app import store
from app.staff.audit import history
from tests.lending.web import add_kit
from tests.staff.helpers import csrf_from, login, make_staff

NEW = "/staff/kiosk/new"


def staff_client(app):
    client = app.test_client()
    make_staff(app)
    login(client)
    return client


def submit(client, **fields):
    data = {"csrf_token": csrf_from(client.get(NEW).data), "partner": "Den Blå Oase", "pin": "2468",
            "languages": ["da", "uk"], "idle_seconds": "240", **fields}
    return client.post(NEW, data=data)


def test_only_staff_and_only_with_a_csrf_token(app, client):
    assert client.get(NEW).status_code in (302, 303)
    staff = staff_client(app)
    assert staff.get(NEW).status_code == 200
    assert staff.post(NEW, data={"partner": "X", "pin": "2468", "languages": ["da"]}).status_code == 400
    assert store.connect(app.config["DATABASE"]).execute("select count(*) from kiosk_devices").fetchone()[0] == 0


def test_bad_input_gets_danish_messages_and_saves_nothing(app):
    staff = staff_client(app)
    page = submit(staff, partner=" ", pin="12", languages=[], idle_seconds="10", kit="NO-SUCH-KIT")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    for message in ("Skriv den partner", "PIN-koden skal være 4 til 12 cifre", "Vælg mindst ét sprog",
                    "helt antal sekunder", "intet sæt med inventarnummeret NO-SUCH-KIT"):
        assert message in html, message
    assert 'value="2468"' not in html  # the PIN is not sent back
    assert store.connect(app.config["DATABASE"]).execute("select count(*) from kiosk_devices").fetchone()[0] == 0


def test_enrolment_link_and_its_qr_code_are_shown_once_and_the_kit_shows_the_tablet(app):
    staff = staff_client(app)
    kit_id = add_kit(staff, "AAB-KIT-007")
    page = submit(staff, kit="aab-kit-007", name="Tablet 1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    url = re.search(r'<code id="kiosk-enrol-url">([^<]+)</code>', html).group(1)
    assert url.startswith(app.config["BASE_URL"] + "/kiosk/enrol/")
    png = re.search(r'id="kiosk-enrol-qr" src="data:image/png;base64,([^"]+)"', html).group(1)
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(png))))
    assert decoded.text == url
    db = store.connect(app.config["DATABASE"])
    device = db.execute("select id, name, languages, idle_seconds from kiosk_devices").fetchone()
    assert device[1:] == ("Tablet 1", "da,uk", 240)
    assert db.execute("select device_id from kits where id = ?", [kit_id]).fetchone()[0] == str(device[0])
    assert [h["action"] for h in history(db, f"kit:{kit_id}")][-1] == "kit.update"  # the register's own history
    [enrolled] = history(db, f"device:{device[0]}")
    assert enrolled["action"] == "kiosk.enrol" and enrolled["actor"] == "staff@aabenraa.dk"
    assert "Tablet 1" in enrolled["detail"] and "2468" not in enrolled["detail"]  # never the PIN
    # the link works once, on the tablet
    tablet = app.test_client()
    path = url[len(app.config["BASE_URL"]):]
    assert tablet.post(path).status_code == 303 and tablet.post(path).status_code == 410
    listing = staff.get("/staff/kiosk/").get_data(as_text=True)
    assert "Tablet 1" in listing and "AAB-KIT-007" in listing and 'href="/staff/kiosk/new"' in listing


def test_a_retired_kit_is_refused(app):
    staff = staff_client(app)
    kit_id = add_kit(staff, "AAB-KIT-009")
    db = store.connect(app.config["DATABASE"])
    db.execute("update kits set status = 'retired' where id = ?", [kit_id])
    db.conn.commit()
    page = submit(staff, kit="AAB-KIT-009")
    assert page.status_code == 400 and "Sættet AAB-KIT-009 er kasseret" in page.get_data(as_text=True)
