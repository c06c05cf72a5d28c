"""The public "did this step help?" form: receive an answer, thank the visitor (blueprint "feedback")."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from ..guides import library
from ..i18n import language_prefixed
from ..security import same_origin
from ..store import get_db
from ..staff.csrf import csrf
from . import records
from .ratelimit import ClientLimiter

bp = Blueprint("feedback", __name__)


language_prefixed(bp)


def step_or_404(slug: str, number: int):
    guide = library().find(slug)
    if guide is None or not 1 <= number <= len(guide.text(g.lang).steps):
        abort(404)
    return guide


def limiter() -> ClientLimiter:
    return current_app.extensions["trinvis.feedback_limiter"]


# No CSRF token here: the token's secret would need a session, and a session needs a cookie,
# which citizen pages never set. The form changes nothing that belongs to anyone (it adds one
# anonymous answer), so what CSRF guards against is posting through other people's browsers:
# the same-origin check (Sec-Fetch-Site, Origin, Referer) stops that, and the per-client rate
# limit bounds everything else.
@csrf.exempt
@bp.route("/<lang>/guides/<slug>/<int:number>/feedback", methods=["POST"])
def send(slug, number):
    guide = step_or_404(slug, number)
    if not same_origin():
        abort(403)
    answer = request.form.get("helpful", "")
    comment = request.form.get("comment", "")
    if answer not in ("yes", "no"):
        return render_template("feedback/page.html", guide=guide, number=number, problem="answer",
                               comment=comment), 400
    if records.comment_too_long(comment):
        return render_template("feedback/page.html", guide=guide, number=number, problem="long",
                               comment=comment, helpful=answer), 400
    if not limiter().allow(request.remote_addr or ""):
        response = current_app.make_response((render_template(
            "feedback/page.html", guide=guide, number=number, problem="limit"), 429))
        response.headers["Retry-After"] = str(int(limiter().window))
        return response
    records.record(get_db(), guide.slug, number, g.lang, answer == "yes", comment)
    return redirect(url_for("feedback.thanks", slug=guide.slug, number=number, a=answer), 303)


@bp.route("/<lang>/guides/<slug>/<int:number>/thanks/")
def thanks(slug, number):
    guide = step_or_404(slug, number)
    return render_template("feedback/page.html", guide=guide, number=number,
                           helpful=request.args.get("a") != "no")


def init_app(app) -> None:
    from .. import slots
    app.register_blueprint(bp)
    app.extensions["trinvis.feedback_limiter"] = ClientLimiter(
        app.config.get("FEEDBACK_LIMIT", 10), app.config.get("FEEDBACK_WINDOW_SECONDS", 600))
    slots.add(app, "step", "feedback/_form.html")
