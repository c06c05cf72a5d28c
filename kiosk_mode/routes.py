"""The tablet's pages: enrolment and set-up, the /kiosk/ home, end of session, PIN and panel,
heartbeat, QR codes for addresses the kiosk does not open. (Staff pages: staff.py.)"""
from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.guides import library
from app.languages import BY_CODE
from app.staff.csrf import csrf
from app.store import get_db, transaction

from . import devices, offsite
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
    response.headers.setdefault("Cache-Control", "no-store")
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
    response = redirect(url_for("kiosk.setup"), 303)
    set_identity(response, identity)
    return response


@bp.route("/kiosk/setup")
def setup():
    """Saves every guide in the device's languages for offline use, then opens the kiosk home."""
    device = current_device()
    if device is None:
        return render_template("kiosk/refused.html",
                               reason=_("This browser is not an enrolled kiosk tablet.")), 403
    langs = devices.allowed_languages(device)  # all of them: the volunteer may switch offline
    g.lang = device_languages(device)[0]
    home = url_for("kiosk.home", **({"refreshed": 1} if request.args.get("refresh") == "1" else {"enrolled": 1}))
    return render_template("kiosk/setup.html", langs=[BY_CODE[c] for c in langs], home=home, kiosk_setup=True)


@bp.route("/kiosk/")
def home():
    device = current_device()
    if device is None:
        return render_template("kiosk/refused.html",
                               reason=_("This browser is not an enrolled kiosk tablet.")), 403
    shown = device_languages(device)
    wanted = request.args.get("lang")
    # Any allowed language renders as asked, so a copy kept offline is always in its own language;
    # kiosk.js moves on from one the volunteer has hidden.
    g.lang = wanted if wanted in devices.allowed_languages(device) else shown[0]
    # every allowed language, the hidden ones marked: a copy kept offline can show them again
    langs = [(BY_CODE[c], c in shown) for c in devices.allowed_languages(device)]
    response = current_app.make_response(render_template(
        "kiosk/home.html", device=device, langs=langs, groups=GROUPS,
        ended=request.args.get("ended") == "1", enrolled=request.args.get("enrolled") == "1"))
    # The one kiosk page the service worker may keep (for a kiosk that ends a visit offline):
    # no-cache, not no-store. (No "Vary: Cookie": the Cache API would then never match it.)
    response.headers["Cache-Control"] = "no-cache"
    return response


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
        token = devices.open_panel(db, device) if right else None
    return jsonify(ok=right, locked_until=locked, now=time.time(), token=token), (200 if right else 403)


@bp.route("/kiosk/settings.json")
def settings():
    """What the tablet should show now; the kiosk checks it when online (its pages may be old copies)."""
    device = device_or_403()
    return jsonify(languages=device_languages(device), allowed=devices.allowed_languages(device))


@bp.route("/kiosk/languages", methods=["POST"])
@csrf.exempt
def languages():
    """The volunteer panel's language choice; the panel token stands in for the PIN."""
    device = device_or_403()
    db = get_db()
    if not devices.panel_open(db, device, request.form.get("token")):
        return jsonify(ok=False, error="panel"), 403
    try:
        with transaction(db):
            shown = devices.set_languages(db, device, request.form.getlist("lang"))
    except ValueError as error:
        return jsonify(ok=False, error=str(error)), 400
    return jsonify(ok=True, languages=shown)


@bp.route("/kiosk/qr.png")
def qr():
    """A QR code for an address the kiosk does not open, so a citizen can open it on their own phone."""
    device_or_403()
    target = offsite.target(request.args.get("url"))
    if target is None:
        abort(400)
    return current_app.response_class(offsite.qr_png(target), mimetype="image/png")


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
