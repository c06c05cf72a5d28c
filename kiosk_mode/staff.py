"""The staff area's kiosk pages (/staff/kiosk/): the tablets with their last heartbeat, and
enrolling a new tablet from a form, which shows the one-time URL and its QR code once."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from app.handouts import qr
from app.languages import BY_CODE, CODES
from app.lending import register
from app.lending.records import Invalid
from app.staff.audit import audit
from app.staff.auth import current_staff, staff_required
from app.store import get_db, transaction

from . import devices

bp = Blueprint("kiosk_staff", __name__, url_prefix="/staff/kiosk", template_folder="templates")


def clean_enrolment(db, form) -> tuple[dict, dict]:
    """The enrolment form's values, checked: (values, errors by field). A kit tag, if given,
    must name a kit in the lending register that is not retired."""
    errors: dict = {}
    partner = (form.get("partner") or "").strip()
    if not partner or len(partner) > 120:
        errors["partner"] = _l("Enter the partner the tablet is lent to (at most 120 characters).")
    pin = (form.get("pin") or "").strip()
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        errors["pin"] = _l("The PIN must be 4 to 12 digits.")
    languages = [c for c in CODES if c in form.getlist("languages")]
    if not languages:
        errors["languages"] = _l("Choose at least one language.")
    try:
        idle = int(form.get("idle_seconds") or devices.DEFAULT_IDLE)
        if not 60 <= idle <= 3600:
            raise ValueError
    except ValueError:
        idle = None
        errors["idle_seconds"] = _l("The idle time is a whole number of seconds from 60 to 3600.")
    name = (form.get("name") or "").strip()[:80] or None
    kit = None
    tag = (form.get("kit") or "").strip()
    if tag:
        kit = register.kit_by_tag(db, tag)
        if kit is None:
            errors["kit"] = _l("There is no kit with the asset tag %(tag)s.", tag=tag)
        elif kit["status"] == "retired":
            errors["kit"] = _l("The kit %(tag)s is retired.", tag=kit["asset_tag"])
    return {"partner": partner, "pin": pin, "languages": languages, "idle_seconds": idle, "name": name,
            "kit": kit}, errors


def enrol_device(db, values: dict, actor: str) -> tuple[dict, str]:
    """Create the device and its one-time link; note the device on the kit (the lending
    register's own rules and history) in the same transaction, so either both happen or neither."""
    with transaction(db):
        device, token = devices.create_device(db, values["partner"], values["pin"], values["languages"],
                                              values["idle_seconds"], values["name"])
        audit(db, actor, "kiosk.enrol", f"device:{device['id']}", devices.describe(device))
        kit = values.get("kit")
        if kit:
            register.update_kit(db, kit["id"], {"asset_tag": kit["asset_tag"], "device_id": str(device["id"]),
                                                "notes": kit["notes"]}, register.kit_parts(db, kit["id"]), actor)
    return device, token


def form_choices(db) -> dict:
    kits = [k for k in register.kits(db) if k["status"] != "retired"]
    return {"languages": [BY_CODE[c] for c in CODES], "kits": kits,
            "partners": [p["name"] for p in register.partners(db, active_only=True)]}


@bp.get("/", endpoint="devices")
@staff_required
def devices_page():
    db = get_db()
    kits = {k["device_id"]: k["asset_tag"] for k in register.kits(db) if k["device_id"] and k["status"] != "retired"}
    return render_template("kiosk/staff.html", devices=devices.for_staff(db), kits=kits, now=time.time())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def enrol():
    db = get_db()
    if request.method == "GET":
        form = {"languages": ["da"], "idle_seconds": devices.DEFAULT_IDLE, "kit": request.args.get("kit", "")}
        return render_template("kiosk/staff_enrol.html", form=form, errors={}, **form_choices(db))
    values, errors = clean_enrolment(db, request.form)
    if not errors:
        try:
            device, token = enrol_device(db, values, current_staff()["email"])
        except Invalid as bad:
            errors = {"kit": next(iter(bad.errors.values()))}
    if errors:
        form = {**request.form.to_dict(), "languages": request.form.getlist("languages"), "pin": ""}
        return render_template("kiosk/staff_enrol.html", form=form, errors=errors, **form_choices(db)), 400
    url = current_app.config["BASE_URL"].rstrip("/") + f"/kiosk/enrol/{token}"
    # Shown this once: only the link's hash is stored, so it cannot be shown again.
    return render_template("kiosk/staff_enrolled.html", device=device, url=url, qr=qr.png_data_uri(url),
                           kit=values["kit"], expires=time.time() + devices.ENROLMENT_SECONDS)
