"""Citizen pages. Every page is complete without JavaScript and sets no cookie."""
from __future__ import annotations

import datetime as dt
import logging
import os
from functools import lru_cache
from xml.etree import ElementTree

from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import lazy_gettext
from markupsafe import Markup

from ..content import AUDIENCES, sitefacts
from ..guides import library
from ..i18n import best_language, language_prefixed
from ..languages import SOURCE
from ..store import get_db

bp = Blueprint("public", __name__)
log = logging.getLogger(__name__)


language_prefixed(bp)


def count_view(slug: str) -> None:
    """Add one to today's aggregate for this guide and language; never fail the page for it.

    Only a person opening the page counts: the service worker fetching pages to keep them
    offline (keep all guides, kiosk set-up, refreshing kept pages after an update) sends
    `Sec-Fetch-Mode: cors`, a navigation sends `navigate`, and browsers too old to send the
    header are counted as before."""
    if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
        return
    try:
        get_db().execute(
            "INSERT INTO page_views (day, guide, lang, views) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(day, guide, lang) DO UPDATE SET views = views + 1",
            [dt.date.today().isoformat(), slug, g.lang])
    except Exception:  # usage figures are nice to have, the page is not
        log.exception("could not count a page view")


def guide_or_404(slug: str):
    lib = library()
    guide = lib.find(slug)
    if guide is None:
        if slug in lib.aliases:
            target = request.path.replace(f"/guides/{slug}/", f"/guides/{lib.aliases[slug]}/", 1)
            abort(redirect(target, 301))
        abort(404)
    return guide


@bp.route("/")
def root():
    response = redirect(url_for("public.home", lang=best_language()))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.route("/<lang>/")
def home():
    lib = library()
    return render_template("public/home.html", guides=lib.ordered(), audiences=AUDIENCES)


@bp.route("/<lang>/for/<group>/")
def group(group):
    if group not in AUDIENCES:
        abort(404)
    return render_template("public/group.html", group=group, guides=library().path_for(group))


@bp.route("/<lang>/guides/")
def guides():
    query = request.args.get("q", "").strip()[:100]
    lib = library()
    results = lib.search(g.lang, query) if query else lib.ordered()
    return render_template("public/guides.html", guides=results, query=query)


@bp.route("/<lang>/guides/<slug>/")
def guide(slug):
    guide = guide_or_404(slug)
    count_view(slug)
    return render_template("public/guide.html", guide=guide, text=guide.text(g.lang))


@bp.route("/<lang>/guides/<slug>/<int:number>/")
def step(slug, number):
    guide = guide_or_404(slug)
    text = guide.text(g.lang)
    if not 1 <= number <= len(text.steps):
        abort(404)
    return render_template("public/step.html", guide=guide, text=text, step=text.steps[number - 1],
                           danish_step=guide.danish.steps[number - 1])


@bp.route("/<lang>/guides/<slug>/all/")
def all_steps(slug):
    guide = guide_or_404(slug)
    return render_template("public/all.html", guide=guide, text=guide.text(g.lang))


@bp.route("/<lang>/help/")
def help():
    facts = sitefacts.load(current_app.config["SITE_FACTS"])
    return render_template("public/help.html", facts=facts)


@bp.route("/<lang>/privacy/")
def privacy():
    return render_template("public/privacy.html")


@bp.route("/<lang>/accessibility/")
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for this by name; the app's icon answers."""
    return redirect(url_for("static", filename="icons/icon-192.png"), 301)


@bp.route("/healthz")
def healthz():
    try:
        get_db().execute("SELECT 1").fetchone()
        database = "ok"
    except Exception:
        database = "error"
    lib = library()
    status = 200 if database == "ok" else 503
    return {"status": "ok" if status == 200 else "error", "database": database,
            "guides": len(lib.guides), "content_version": lib.version}, status


@bp.route("/media/<slug>/<name>")
def media(slug, name):
    """A guide's illustration, straight from its folder."""
    guide = library().find(slug)
    if guide is None or not name.endswith(".svg"):
        abort(404)
    response = send_from_directory(guide.path, name, mimetype="image/svg+xml", max_age=86400)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


GROUP_NAMES = {
    "older": lazy_gettext("For older people"),
    "young": lazy_gettext("For young people"),
    "vulnerable": lazy_gettext("If life is hard right now"),
    "newcomers": lazy_gettext("New in Denmark"),
}
GROUP_INTROS = {
    "older": lazy_gettext("Start with MitID, then read your Digital Post. Let someone help you safely, or get your letters on paper."),
    "young": lazy_gettext("MitID from age 13, Digital Post from 15, and how to spot a scam."),
    "vulnerable": lazy_gettext("No account, nothing saved. Get help from someone you trust, or get out of digital post."),
    "newcomers": lazy_gettext("Your first tasks in Denmark: health card, MitID, Digital Post, NemKonto and a doctor."),
}


@lru_cache(maxsize=64)
def svg_size(path: str, mtime: float) -> Markup:
    """width and height attributes from an SVG's viewBox, so the page does not jump as it loads."""
    try:
        box = ElementTree.parse(path).getroot().get("viewBox", "").replace(",", " ").split()
        return Markup(f' width="{float(box[2]):g}" height="{float(box[3]):g}"')
    except (OSError, ElementTree.ParseError, IndexError, ValueError):
        return Markup("")


def svg_size_of(guide, name: str) -> Markup:
    path = os.path.join(guide.path, name)
    try:
        return svg_size(path, os.stat(path).st_mtime)
    except OSError:
        return Markup("")


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(SOURCE_LANGUAGE=SOURCE, svg_size=svg_size_of,
                                 group_name=lambda a: GROUP_NAMES[a], group_intro=lambda a: GROUP_INTROS[a])
