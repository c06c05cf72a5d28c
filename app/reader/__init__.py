"""Reader aids: read-aloud, "show this at the counter" handover codes, a second language side by
side, the Danish words you will see, and the high-contrast theme."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from .. import slots


def init_app(app) -> None:
    from . import export, routes, side_by_side, words
    app.register_blueprint(routes.bp)
    export.init_app(app)  # stuck pages and code links in the static export
    side_by_side.init_app(app)
    slots.add(app, "step", "reader/_step.html")
    slots.add(app, "guide", "reader/_guide.html")
    slots.add(app, "help", "reader/_help.html")
    slots.add(app, "scripts", "js/reader.js")
    slots.add(app, "staff_nav", ("reader.handover_lookup", lazy_gettext("Help at the counter")))
    # Strings the public site's catalogue already translates ("Home", "Next step", …) are looked
    # up with public_text, which the extractor does not collect: one translation per string.
    app.jinja_env.globals.update(public_text=gettext, step_words=words.step_words,
                                 glossary=words.glossary, side_by_side_url=side_by_side.url_with,
                                 offers_danish=side_by_side.offers_danish)
