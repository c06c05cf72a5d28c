"""Push: the JSON API the page uses, the citizens' notifications page, the staff announcements page."""
from __future__ import annotations

import json
import threading
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import lazy_gettext

from .. import slots
from ..guides import library
from ..languages import BY_CODE, LANGUAGES
from ..staff.audit import audit
from ..staff.auth import current_staff, staff_required
from ..staff.csrf import csrf
from ..store import connect, get_db
from . import delivery, keys, subscriptions

bp = Blueprint("push", __name__)
TOPIC_NAMES = {
    "news": lazy_gettext("News from Borgerservice"),
    "elections": lazy_gettext("Elections"),
    "mitid-digital-post": lazy_gettext("MitID and Digital Post changes"),
}


def vapid():
    return current_app.extensions["trinvis.vapid"]


def same_origin() -> bool:
    """The JSON API takes no cookie and no CSRF token; a browser always sends Origin on these calls,
    so only our own pages can use it."""
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc == request.host


def error(message: str, status: int = 400):
    return jsonify({"error": message}), status


@bp.get("/push/vapid-public-key")
def vapid_public_key():
    return jsonify({"publicKey": keys.public_key(vapid())})


@bp.post("/push/subscriptions")
@csrf.exempt
def subscribe():
    if not same_origin():
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
    if not same_origin():
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


# --- staff -----------------------------------------------------------------------------------

def run_in_background(app, announcement_id: int) -> threading.Thread:
    def work():
        with app.app_context():
            db = connect(app.config["DATABASE"])
            try:
                delivery.deliver(db, announcement_id, sender(app))
            finally:
                db.conn.close()
    thread = threading.Thread(target=work, name=f"push-{announcement_id}", daemon=True)
    thread.start()
    return thread


def sender(app) -> delivery.Sender:
    return delivery.Sender(app.extensions["trinvis.vapid"], subject=app.config["PUSH_SUBJECT"])


def form_announcement(form) -> dict:
    titles = {lang.code: form.get(f"title_{lang.code}", "") for lang in LANGUAGES}
    bodies = {lang.code: form.get(f"body_{lang.code}", "") for lang in LANGUAGES}
    try:
        hours = int(form.get("ttl_hours", "24"))
    except ValueError:
        hours = -1
    return dict(topic=form.get("topic", ""), titles=titles, bodies=bodies, url=form.get("url", "").strip(),
                ttl=hours * 3600, urgency=form.get("urgency", "normal"))


def check_form(data: dict) -> list[str]:
    problems = []
    if data["topic"] not in subscriptions.TOPICS:
        problems.append("Vælg et emne.")
    if data["ttl"] <= 0 or data["ttl"] > 28 * 24 * 3600:
        problems.append("Gyldighed skal være mellem 1 og 672 timer.")
    if data["url"] and not (data["url"].startswith("/") and not data["url"].startswith("//")):
        problems.append("Linket skal være en side på Trinvis, fx /da/help/.")
    return problems


@bp.route("/staff/announcements/", methods=["GET", "POST"])
@staff_required
def announcements():
    db = get_db()
    data, problems, preview = None, [], None
    if request.method == "POST":
        data = form_announcement(request.form)
        problems = check_form(data)
        if not problems and request.form.get("action") == "send":
            try:
                announcement_id = delivery.queue(db, created_by=current_staff()["email"], **data)
            except ValueError as exc:
                problems.append(str(exc))
            else:
                audit(db, current_staff()["email"], "announcement.send", f"announcement:{announcement_id}",
                      data["titles"]["da"])
                run_in_background(current_app._get_current_object(), announcement_id)
                flash("Meddelelsen sendes nu. Tallene nedenfor opdateres, når du genindlæser siden.")
                return redirect(url_for("push.announcements"))
        elif not problems:
            long = delivery.too_long(data)
            if long:
                problems.append(f"Teksten er for lang til en notifikation på: {', '.join(long)}.")
            preview = {lang: delivery.payload_for(data, lang).decode() for lang in ("da",)}
    rows = db.query("SELECT * FROM announcements ORDER BY id DESC LIMIT 50")
    counts = db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0]
    return render_template("push/staff.html", data=data, problems=problems, preview=preview,
                           announcements=list(rows), subscribers=counts, topics=TOPIC_NAMES,
                           languages=LANGUAGES)


def init_app(app) -> None:
    app.jinja_env.filters.setdefault("fromjson", json.loads)
    app.config.setdefault("PUSH_SUBJECT", "mailto:borgerservice@aabenraa.dk")
    app.extensions["trinvis.vapid"] = keys.load(app.instance_path)
    app.register_blueprint(bp)
    slots.add(app, "guide", "push/_follow.html")
    slots.add(app, "scripts", "js/push.js")
    slots.add(app, "staff_nav", ("push.announcements", "Meddelelser"))
    from . import cli
    app.cli.add_command(cli.push_cli)
