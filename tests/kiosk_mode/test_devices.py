"""The kiosk rules without HTTP: enrolment once, PIN lock, heartbeat, silent devices; and the views."""
from __future__ import annotations

import pytest

from app import store
from kiosk_mode import devices
from tests.staff.helpers import login, make_staff


@pytest.fixture
def db(app):
    database = store.connect(app.config["DATABASE"])
    yield database
    database.conn.close()


def test_enrolment_link_works_once_and_expires(db):
    device, token = devices.create_device(db, "Den Blå Oase", "2468", ["da", "ar"], now=1000)
    with pytest.raises(devices.Refused) as expired:
        devices.enrol(db, token, now=1000 + devices.ENROLMENT_SECONDS + 1)
    assert expired.value.kind == "expired"
    enrolled, identity = devices.enrol(db, token, now=2000)
    assert devices.by_identity(db, identity)["id"] == device["id"] == enrolled["id"]
    with pytest.raises(devices.Refused) as used:
        devices.enrol(db, token, now=2001)
    assert used.value.kind == "used"
    with pytest.raises(devices.Refused):
        devices.check_enrolment(db, "made-up")


def test_bad_input_is_refused(db):
    for partner, pin, idle in (("", "1234", 180), ("X", "12", 180), ("X", "abcd", 180), ("X", "1234", 5)):
        with pytest.raises(ValueError):
            devices.create_device(db, partner, pin, ["da"], idle)
    with pytest.raises(ValueError):
        devices.parse_languages("da,xx")


def test_pin_locks_for_five_minutes_after_five_wrong_tries(db):
    device, token = devices.create_device(db, "Café", "2468", ["da"], now=0)
    for _ in range(4):
        assert devices.check_pin(db, device, "0000", now=10) == (False, 0)
    right, locked = devices.check_pin(db, device, "0000", now=10)
    assert not right and locked == 10 + devices.PIN_LOCK_SECONDS
    assert devices.check_pin(db, device, "2468", now=20)[0] is False  # locked, even when right
    assert devices.check_pin(db, device, "2468", now=10 + devices.PIN_LOCK_SECONDS + 1) == (True, 0)


def test_offline_pin_hash_is_pbkdf2_sha256(db):
    import hashlib
    device, _ = devices.create_device(db, "Café", "2468", ["da"])
    expected = hashlib.pbkdf2_hmac("sha256", b"2468", bytes.fromhex(device["pin_salt"]), device["pin_iterations"]).hex()
    assert device["pin_hash"] == expected and "2468" not in str(device)


def test_heartbeat_and_silent_devices(db):
    device, token = devices.create_device(db, "Café", "2468", ["da"], now=0)
    devices.enrol(db, token, now=0)
    devices.heartbeat(db, device, "abc123", 0.5, now=100)
    [row] = devices.for_staff(db, now=200)
    assert row["last_seen"] == 100 and row["battery"] == 0.5 and not row["silent"]
    [row] = devices.for_staff(db, now=100 + devices.SILENT_SECONDS + 1)
    assert row["silent"]


def enrolled_client(app, client, runner, **extra):
    result = runner.invoke(args=["kiosk", "enrol", "--partner", "Den Blå Oase", "--pin", "2468", "--languages", "da,ar,uk"])
    assert result.exit_code == 0, result.output
    url = result.output.strip().splitlines()[-1]
    assert url.startswith(app.config["BASE_URL"] + "/kiosk/enrol/")
    db = store.connect(app.config["DATABASE"])
    assert db.execute("SELECT actor, action FROM audit_log WHERE subject LIKE 'device:%'").fetchall()[-1] == \
        ("cli", "kiosk.enrol")
    db.conn.close()
    path = url[len(app.config["BASE_URL"]):]
    assert client.get(path).status_code == 200
    response = client.post(path)
    # first the set-up page, which keeps the guides for offline use, then /kiosk/?enrolled=1
    assert response.status_code == 303 and response.location.endswith("/kiosk/setup")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("trinvis_kiosk=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    return path


def test_enrol_views_and_reuse_refused(app, client, runner):
    path = enrolled_client(app, client, runner)
    again = client.get(path)
    assert again.status_code == 410 and b"already been used" in again.data or "allerede brugt" in again.get_data(as_text=True)
    assert client.post(path).status_code == 410
    home = client.get("/kiosk/?lang=ar")
    assert home.status_code == 200 and 'dir="rtl"' in home.get_data(as_text=True)
    assert 'id="kiosk-end-session"' in client.get("/da/guides/").get_data(as_text=True)


def test_citizen_pages_get_no_kiosk_bar_and_no_cookie(client):
    page = client.get("/da/guides/")
    assert "kiosk-end-session" not in page.get_data(as_text=True) and "Set-Cookie" not in page.headers
    assert client.get("/kiosk/").status_code == 403
    assert client.post("/kiosk/end").status_code == 403
    assert client.post("/kiosk/heartbeat", json={}).status_code == 403


def test_end_expires_every_cookie_but_the_device(app, client, runner):
    enrolled_client(app, client, runner)
    client.set_cookie("borger_login", "s3cret")
    response = client.post("/kiosk/end")
    assert response.status_code == 204
    cleared = response.headers.getlist("Set-Cookie")
    assert cleared and all(c.startswith("borger_login=;") for c in cleared)
    assert client.post("/kiosk/end", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_staff_page_lists_devices(app, client, runner):
    enrolled_client(app, client, runner)
    assert client.post("/kiosk/heartbeat", json={"content_version": "v1", "battery": 0.42}).status_code == 204
    staff = app.test_client()
    assert staff.get("/staff/kiosk/").status_code in (302, 303)
    make_staff(app)
    login(staff)
    page = staff.get("/staff/kiosk/").get_data(as_text=True)
    assert "Den Blå Oase" in page and "42 %" in page and "v1" in page and "class=\"silent\"" not in page
    db = store.connect(app.config["DATABASE"])
    db.execute("update kiosk_devices set last_seen = last_seen - 2 * 86400")
    db.conn.close()
    page = staff.get("/staff/kiosk/").get_data(as_text=True)
    assert 'class="silent"' in page and "over et døgn" in page
