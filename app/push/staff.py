"""Push for staff: compose, preview and send an announcement; see what happened to each one."""
from __future__ import annotations

import json
import threading

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from .. import slots
from ..languages import LANGUAGES
from ..staff.audit import audit
from ..staff.auth import current_staff, staff_required
from ..store import connect, get_db
from . import delivery, subscriptions
from .routes import TOPIC_NAMES, bp, sender


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
        problems.append(gettext("Choose a topic."))
    if data["ttl"] <= 0 or data["ttl"] > 28 * 24 * 3600:
        problems.append(gettext("Valid for must be from 1 to 672 hours."))
    if data["url"] and not (data["url"].startswith("/") and not data["url"].startswith("//")):
        problems.append(gettext("The link must be a page on Trinvis, such as /da/help/."))
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
            except ValueError as exc:  # the rules' own plain reason (too long, no Danish text)
                problems.append(str(exc))
            else:
                audit(db, current_staff()["email"], "announcement.send", f"announcement:{announcement_id}",
                      data["titles"]["da"])
                run_in_background(current_app._get_current_object(), announcement_id)
                flash(gettext("The announcement is being sent. Reload the page to see the figures."))
                return redirect(url_for("push.announcements"))
        elif not problems:
            long = delivery.too_long(data)
            if long:
                problems.append(gettext("The text is too long for a notification in: %(langs)s (at most %(limit)d "
                                        "bytes).", langs=", ".join(long), limit=delivery.MAX_PAYLOAD))
            preview = {lang: delivery.payload_for(data, lang).decode() for lang in ("da",)}
    rows = db.query("SELECT * FROM announcements ORDER BY id DESC LIMIT 50")
    counts = db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0]
    return render_template("push/staff.html", data=data, problems=problems, preview=preview,
                           announcements=list(rows), subscribers=counts, topics=TOPIC_NAMES,
                           limit=delivery.MAX_PAYLOAD,
                           languages=LANGUAGES)


def init_app(app) -> None:
    app.jinja_env.filters.setdefault("fromjson", json.loads)
    slots.add(app, "staff_nav", ("push.announcements", lazy_gettext("Announcements")))
