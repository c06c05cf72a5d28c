"""Push for citizens: the JSON API the page uses and the notifications page."""
from __future__ import annotations

import os

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext

from .. import slots
from ..guides import library
from ..languages import BY_CODE
from ..security import same_origin
from ..staff.csrf import csrf
from ..store import get_db
from . import delivery, keys, subscriptions

bp = Blueprint("push", __name__)
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
    subscriptions.save(get_db(), row)
    return jsonify({"topics": row["topics"], "guides": row["guides"], "lang": row["lang"]}), 201


@bp.delete("/push/subscriptions")
@csrf.exempt
def unsubscribe():
    if not same_origin(origin_required=True):  # the JSON API takes no cookie and no token
        return error("requests must come from this site", 403)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("endpoint"), str):
        return error("the body must be JSON with the subscription's endpoint")
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
    return render_template("push/notifications.html", topics=TOPIC_NAMES)


def init_app(app) -> None:
    app.config.setdefault("PUSH_SUBJECT", "mailto:borgerservice@aabenraa.dk")
    app.extensions["trinvis.vapid"] = keys.load(app.instance_path)
    from . import staff  # its views are on this blueprint: import before registering it
    app.register_blueprint(bp)
    slots.add(app, "guide", "push/_follow.html")
    slots.add(app, "scripts", "js/push.js")
    # the service worker shows the notifications: it imports this file
    app.extensions.setdefault("trinvis.worker_scripts", []).append("js/sw-push.js")
    staff.init_app(app)
    from . import cli
    app.cli.add_command(cli.push_cli)
