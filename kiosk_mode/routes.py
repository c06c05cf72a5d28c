"""The kiosk's pages: enrolment, /kiosk/ home, end of session, PIN check, heartbeat, staff list."""
from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _

from app.guides import library
from app.languages import BY_CODE
from app.staff.auth import staff_required
from app.staff.csrf import csrf
from app.store import get_db, transaction

from . import devices
from .mode import COOKIE, allowed_hosts, current_device, device_languages, set_identity

bp = Blueprint("kiosk", __name__, template_folder="templates", static_folder="static",
               static_url_path="/kiosk/static")
GROUPS = ("older", "young", "vulnerable", "newcomers")


def same_origin() -> bool:
    """The device cookie is SameSite=Strict; this refuses the rest of cross-site requests too."""
    site = request.headers.get("Sec-Fetch-Site")
    return site in (None, "same-origin")


def refusal_text(refusal: devices.Refused) -> str:
    return {"used": _("This enrolment link has already been used. Ask Borgerservice for a new one."),
            "expired": _("This enrolment link has expired. Ask Borgerservice for a new one.")
            }.get(refusal.kind, _("This enrolment link is not valid."))


def device_or_403() -> dict:
    device = current_device()
    if device is None or not same_origin():
        abort(403)
    return device


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/kiosk/enrol/<token>")
def enrol_page(token):
    """GET only shows the page: the link is used when the volunteer presses the button."""
    g.lang = request.args.get("lang") if request.args.get("lang") in BY_CODE else None
    try:
        devices.check_enrolment(get_db(), token)
    except devices.Refused as refusal:
        return render_template("kiosk/refused.html", reason=refusal_text(refusal)), 410
    return render_template("kiosk/enrol.html", token=token)


@bp.route("/kiosk/enrol/<token>", methods=["POST"])
@csrf.exempt
def enrol(token):
    if not same_origin():
        abort(403)
    db = get_db()
    try:
        with transaction(db):
            device, identity = devices.enrol(db, token)
    except devices.Refused as refusal:
        return render_template("kiosk/refused.html", reason=refusal_text(refusal)), 410
    response = redirect("/kiosk/?enrolled=1", 303)
    set_identity(response, identity)
    return response


@bp.route("/kiosk/")
def home():
    device = current_device()
    if device is None:
        return render_template("kiosk/refused.html",
                               reason=_("This browser is not an enrolled kiosk tablet.")), 403
    langs = device_languages(device)
    wanted = request.args.get("lang")
    g.lang = wanted if wanted in langs else langs[0]
    return render_template("kiosk/home.html", device=device, langs=[BY_CODE[c] for c in langs],
                           groups=GROUPS, ended=request.args.get("ended") == "1",
                           enrolled=request.args.get("enrolled") == "1")


@bp.route("/kiosk/end", methods=["POST"])
@csrf.exempt
def end():
    """Expire every cookie this browser sent except the device's own; the page wipes the rest."""
    device_or_403()
    response = redirect("/kiosk/?ended=1", 303) if request.form.get("nojs") else ("", 204)
    if isinstance(response, tuple):
        response = current_app.make_response(response)
    for name in request.cookies:
        if name != COOKIE:
            for path in ("/", "/staff", "/kiosk"):
                response.delete_cookie(name, path=path)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/kiosk/pin", methods=["POST"])
@csrf.exempt
def pin():
    device = device_or_403()
    db = get_db()
    with transaction(db):
        right, locked = devices.check_pin(db, device, str(request.form.get("pin", ""))[:20])
    return jsonify(ok=right, locked_until=locked, now=time.time()), (200 if right else 403)


@bp.route("/kiosk/heartbeat", methods=["POST"])
@csrf.exempt
def heartbeat():
    device = device_or_403()
    data = request.get_json(silent=True) or {}
    battery = data.get("battery")
    battery = float(battery) if isinstance(battery, (int, float)) else None
    db = get_db()
    devices.heartbeat(db, device, str(data.get("content_version") or ""), battery)
    return "", 204


@bp.route("/kiosk/refreshed", methods=["POST"])
@csrf.exempt
def refreshed():
    device = device_or_403()
    devices.content_refreshed(get_db(), device, library().version)
    return "", 204


@bp.route("/staff/kiosk/", endpoint="devices")
@staff_required
def devices_page():
    return render_template("kiosk/staff.html", devices=devices.for_staff(get_db()), now=time.time())
