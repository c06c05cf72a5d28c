"""Kiosk mode for lent tablets: enrolment, the kiosk home, idle reset, the wipe, PIN panel, heartbeat.

An add-on: the app factory calls `init_app(app)`; nothing in app/ imports this package.
The app is imported only there, so the launcher (kiosk_mode.launcher) runs on a tablet with
nothing but Python's standard library.
"""
from __future__ import annotations

import time


def init_app(app) -> None:
    from app import slots
    from app.guides import library
    from . import schema  # noqa: F401  registers the "trinvis.kiosk" migrations
    from . import routes, staff
    from .cli import kiosk
    from app.languages import BY_CODE
    from . import devices
    from .mode import ALLOWED_HOSTS, current_device, device_languages, parse_hosts
    app.register_blueprint(routes.bp)
    app.register_blueprint(staff.bp)
    app.cli.add_command(kiosk)
    # the default list, or the deployment's own (TRINVIS_KIOSK_ALLOWED_HOSTS, read by app/settings.py)
    app.config["KIOSK_ALLOWED_HOSTS"] = parse_hosts(app.config.get("KIOSK_ALLOWED_HOSTS", ALLOWED_HOSTS))
    app.jinja_env.globals["kiosk_device"] = current_device
    app.jinja_env.globals["kiosk_shown"] = device_languages
    app.jinja_env.globals["kiosk_allowed"] = lambda d: [BY_CODE[c] for c in devices.allowed_languages(d)]
    app.jinja_env.globals["library_version"] = lambda: library().version
    app.jinja_env.filters["kiosk_time"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t))
    slots.add(app, "head", "kiosk/_head.html")
    slots.add(app, "body_end", "kiosk/_bar.html")
    slots.add(app, "staff_nav", ("kiosk_staff.devices", "Kiosk-tablets"))
