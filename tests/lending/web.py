"""Helpers for the lending tests that go through HTTP as a logged-in member of staff."""
import re

from app import store
from tests.staff.helpers import csrf_from

BASE = "/staff/lending"
PAGES = [f"{BASE}/", f"{BASE}/kits/new", f"{BASE}/kits/1/", f"{BASE}/kits/1/edit", f"{BASE}/kits/1/qr.svg",
         f"{BASE}/lend", f"{BASE}/return", f"{BASE}/partners/", f"{BASE}/partners/new", f"{BASE}/partners/1/",
         f"{BASE}/partners/1/edit", f"{BASE}/labels", f"{BASE}/export", f"{BASE}/export/kits.csv",
         f"{BASE}/export/loans.csv"]
POSTS = [f"{BASE}/kits/new", f"{BASE}/kits/1/edit", f"{BASE}/kits/1/repaired", f"{BASE}/kits/1/retire",
         f"{BASE}/loans/1/extend", f"{BASE}/lend", f"{BASE}/return", f"{BASE}/partners/new",
         f"{BASE}/partners/1/edit"]


def token(client, path=f"{BASE}/") -> str:
    return csrf_from(client.get(path).data)


def post(client, path, **data):
    return client.post(path, data={"csrf_token": token(client), **data})


def counts(app) -> dict:
    db = store.connect(app.config["DATABASE"])
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("partners", "kits", "kit_parts", "loans", "audit_log")}
    finally:
        db.conn.close()


def text(response) -> str:
    return re.sub(r"\s+", " ", response.data.decode())


def add_partner(client, name="Den Blå Oase"):
    response = post(client, f"{BASE}/partners/new", name=name, contact_person="Mette Jensen",
                    phone="+45 20 30 40 50", email="mette@blaaoase.dk", active="1")
    assert response.status_code == 303, text(response)
    return int(response.location.rstrip("/").rsplit("/", 1)[1])


def add_kit(client, tag="AAB-KIT-001"):
    response = post(client, f"{BASE}/kits/new", asset_tag=tag, **{"part-0-name": "Tablet",
                    "part-0-model": "Samsung Galaxy Tab A9", "part-0-serial": "R9XT100", "part-1-name": "Oplader"})
    assert response.status_code == 303, text(response)
    return int(response.location.rstrip("/").rsplit("/", 1)[1])


CHECK_OUT = {"parts_present": "1", "charged": "1", "kiosk_enrolled": "1"}
CHECK_IN = {"turns_on": "1", "parts_back": "1", "screen_ok": "1", "wiped": "1"}


def lend(client, partner, **extra):
    return post(client, f"{BASE}/lend", **{"asset_tag": "AAB-KIT-001", "partner_id": str(partner),
                                          "lent_on": "2025-03-01", "due_on": "2025-03-10", **CHECK_OUT, **extra})
