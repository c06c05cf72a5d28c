"""Offline use: the PWA manifest, the service worker, the offline page and the static export."""
from __future__ import annotations

from .. import slots


def init_app(app) -> None:
    from . import export, routes
    app.register_blueprint(routes.bp)
    app.extensions.setdefault("trinvis.export_extras", []).append(export.short_links)
    app.extensions.setdefault("trinvis.worker_scripts", [])  # static JS the worker imports
    app.cli.add_command(export.export_command)
    slots.add(app, "head", "offline/_head.html")
    slots.add(app, "scripts", "js/offline.js")
    slots.add(app, "guide", "offline/_keep.html")
    slots.add(app, "body_end", "offline/_bar.html")
