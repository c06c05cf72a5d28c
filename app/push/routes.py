"""Push for citizens: the JSON API the page uses and the notifications page."""
from __future__ import annotations

import os

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext

from .. import slots
from ..guides import library
from ..languages import BY_CODE
from ..security import same_origin
from ..staff.csrf import csrf
from ..store import get_db
from ..templating import static_version
from . import delivery, keys, subscriptions

# static/notifications.js is loaded by the notifications page only, so step pages never carry it
bp = Blueprint("push", __name__, static_folder="static", static_url_path="/push/static")
TOPIC_NAMES = {
    "news": lazy_gettext("News from Borgerservice"),
    "elections": lazy_gettext("Elections"),
    "mitid-digital-post": lazy_gettext("MitID and Digital Post changes"),
}


def sender(app) -> delivery.Sender:
    return delivery.Sender(app.extensions["trinvis.vapid"], subject=app.config["PUSH_SUBJECT"],
                           key_file=os.path.join(app.instance_path, keys.KEY_FILE))


def vapid():
    return current_app.extensions["trinvis.vapid"]


def error(message: str, status: int = 400):
    return jsonify({"error": message}), status


@bp.get("/push/vapid-public-key")
def vapid_public_key():
    return jsonify({"publicKey": keys.public_key(vapid())})


@bp.post("/push/subscriptions")
@csrf.exempt
def subscribe():
    if not same_origin(origin_required=True):  # the JSON API takes no cookie and no token
        return error("requests must come from this site", 403)
    payload = request.get_json(silent=True)
    if payload is None:
        return error("the body must be JSON (Content-Type: application/json)")
    try:
        row = subscriptions.parse(payload, set(library().guides))
    except subscriptions.Invalid as exc:
        return error(str(exc))
    stored = subscriptions.save(get_db(), row)
    if stored is None:  # every topic unticked and no guide followed: nothing is kept
        return jsonify({"topics": [], "guides": [], "lang": row["lang"], "removed": True})
    return jsonify(stored), 201


@bp.post("/push/subscriptions/lookup")
@csrf.exempt
def lookup():
    """What is stored for this browser's own subscription, so the page can show the boxes ticked.
    A POST, so the endpoint (which works as a secret) never appears in an address or a log."""
    if not same_origin(origin_required=True):
        return error("requests must come from this site", 403)
    try:
        endpoint = subscriptions.endpoint_of(request.get_json(silent=True))
    except subscriptions.Invalid as exc:
        return error(str(exc))
    stored = subscriptions.lookup(get_db(), endpoint)
    if stored is None:
        return error("no such subscription", 404)
    return jsonify(stored)


@bp.delete("/push/subscriptions")
@csrf.exempt
def unsubscribe():
    if not same_origin(origin_required=True):  # the JSON API takes no cookie and no token
        return error("requests must come from this site", 403)
    payload = request.get_json(silent=True)
    try:
        subscriptions.endpoint_of(payload)
    except subscriptions.Invalid as exc:
        return error(str(exc))
    topic, guide = payload.get("topic"), payload.get("guide")
    if topic is not None and topic not in subscriptions.TOPICS:
        return error("unknown topic")
    if not subscriptions.remove(get_db(), payload["endpoint"], topic, guide):
        return error("no such subscription", 404)
    return "", 204


@bp.get("/<lang>/notifications/")
def notifications(lang):
    if lang not in BY_CODE:
        abort(404)
    g.lang = lang
    script = url_for("push.static", filename="notifications.js", v=current_app.extensions["trinvis.push_static"])
    return render_template("push/notifications.html", topics=TOPIC_NAMES, script=script)


def init_app(app) -> None:
    app.config.setdefault("PUSH_SUBJECT", "mailto:borgerservice@aabenraa.dk")
    # the default list, or the deployment's own (TRINVIS_PUSH_HOSTS, read by app/settings.py)
    app.config["PUSH_HOSTS"] = subscriptions.parse_hosts(app.config.get("PUSH_HOSTS", subscriptions.PUSH_HOSTS))
    app.extensions["trinvis.vapid"] = keys.load(app.instance_path)
    app.extensions["trinvis.push_static"] = static_version(bp.static_folder)  # a new address when it changes
    from . import staff  # its views are on this blueprint: import before registering it
    app.register_blueprint(bp)
    slots.add(app, "guide", "push/_follow.html")
    slots.add(app, "scripts", "js/push.js")
    # the service worker shows the notifications: it imports this file
    app.extensions.setdefault("trinvis.worker_scripts", []).append("js/sw-push.js")
    staff.init_app(app)
    from . import cli
    app.cli.add_command(cli.push_cli)
