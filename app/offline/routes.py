"""The PWA's own addresses: the manifest, the service worker, the offline page and the keep lists."""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, g, render_template, url_for
from flask_babel import gettext

from ..content import sitefacts
from ..guides import library
from ..i18n import best_language, language_prefixed
from ..languages import CODES, direction
from . import pages

bp = Blueprint("offline", __name__)
THEME = "#0b5394"


language_prefixed(bp)


def version() -> str:
    """The name suffix of this deploy's caches (see pages.cache_version)."""
    app = current_app._get_current_object()
    if "trinvis.offline.code" not in app.extensions:
        app.extensions["trinvis.offline.code"] = pages.code_version(app)
    code = app.extensions["trinvis.offline.code"]
    return pages.cache_version(library().version, app.config["STATIC_VERSION"], code)


def asset(name: str) -> str:
    return url_for("static", filename=name, v=current_app.config["STATIC_VERSION"])


def manifest_for(lang: str) -> dict:
    icon = lambda name, size, kind, purpose="any": {"src": asset(name), "sizes": size, "type": kind, "purpose": purpose}  # noqa: E731
    return {
        "id": "/",
        "name": gettext("Trinvis – step by step help from Aabenraa Kommune"),
        "short_name": "Trinvis",
        "description": gettext("Help with MitID, Digital Post and other self-service, step by step"),
        "lang": lang,
        "dir": direction(lang),
        "start_url": url_for("public.home", lang=lang),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [icon("icons/icon.svg", "any", "image/svg+xml"),
                  icon("icons/icon-192.png", "192x192", "image/png"),
                  icon("icons/icon-512.png", "512x512", "image/png"),
                  icon("icons/icon-maskable-512.png", "512x512", "image/png", "maskable")],
    }


def json_response(data, mimetype="application/json") -> Response:
    response = Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """The manifest in the visitor's language; pages link to the one for their own language."""
    g.lang = best_language()
    response = json_response(manifest_for(g.lang), "application/manifest+json")
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.route("/<lang>/manifest.webmanifest")
def language_manifest():
    return json_response(manifest_for(g.lang), "application/manifest+json")


@bp.route("/sw.js")
def worker():
    config = {"version": version(), "langs": list(CODES), "shell": pages.shell(current_app, asset)}
    # other parts' worker code (push notifications, say): app.extensions["trinvis.worker_scripts"]
    imports = "".join("importScripts(%s);\n" % json.dumps(asset(name))
                      for name in current_app.extensions.get("trinvis.worker_scripts", []))
    body = '"use strict";\nvar CONFIG = %s;\n%s%s' % (
        json.dumps(config, separators=(",", ":")), imports, compact(pages.WORKER_SOURCE.read_text(encoding="utf-8")))
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def compact(source: str) -> str:
    """The worker without its comment lines and indentation: every visitor downloads it."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//") and line != '"use strict";') + "\n"


@bp.route("/<lang>/offline/")
def page():
    facts = sitefacts.load(current_app.config["SITE_FACTS"])
    return render_template("offline/offline.html", facts=facts)


@bp.route("/<lang>/offline/guides.json")
def guide_list():
    """Every page of every guide in this language, for "keep this guide" and "keep all guides"."""
    return json_response(pages.language_list(library(), g.lang, version()))
