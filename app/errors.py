"""Error pages: a real page in the best language available, never a stack trace."""
from __future__ import annotations

import logging

from flask import g, render_template, request
from werkzeug.exceptions import HTTPException

from .i18n import best_language, path_language

log = logging.getLogger(__name__)


def handle_http(error: HTTPException):
    if request.path.startswith(("/push/", "/api/")) or request.accept_mimetypes.best == "application/json":
        return {"error": error.description, "status": error.code}, error.code
    g.lang = path_language() or best_language()
    return render_template("error.html", code=error.code), error.code


def handle_crash(error: Exception):
    log.exception("unhandled error on %s", request.path)
    g.lang = path_language() or best_language()
    return render_template("error.html", code=500), 500


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_crash)
