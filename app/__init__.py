"""Trinvis: step-by-step help with public self-service. The application factory."""
from __future__ import annotations

import logging

from flask import Flask

from . import errors, guides, i18n, security, settings, slots, store, templating


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=settings.instance_path(), instance_relative_config=True)
    settings.init_app(app, test_config)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    slots.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    guides.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    register_parts(app)
    store.init_app(app)  # last: every part has registered its migrations by now
    return app


def register_parts(app: Flask) -> None:
    """Each part is a blueprint (and maybe CLI commands) with an init_app of its own."""
    from .public import routes as public
    public.init_app(app)
    from . import staff
    staff.init_app(app)  # staff area, sessions, CSRF for every form
    from . import feedback
    feedback.init_app(app)
    from . import handouts; handouts.init_app(app)  # noqa: E702  short links, QR codes, handouts, PDF
    from .push import routes as push
    push.init_app(app)
    from . import reader; reader.init_app(app)  # noqa: E702  read aloud, handover codes, side by side
    from . import lending; lending.init_app(app)  # noqa: E702  lending register for tablet kits
    from . import offline; offline.init_app(app)  # noqa: E702  manifest, service worker, static export
    import kiosk_mode; kiosk_mode.init_app(app)  # noqa: E702  kiosk mode for lent tablets (an add-on)
