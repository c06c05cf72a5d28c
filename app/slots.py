"""Places in the shared templates where a part adds its own partial template or script.

A part calls `add(app, "step", "reader/_step_tools.html")` in its init_app; the public
templates include every partial registered for a slot, in registration order. This keeps
the parts (offline, feedback, reader aids, push, kiosk) out of each other's templates.
"""
from __future__ import annotations

SLOTS = (
    "head",        # inside <head>: links, meta
    "scripts",     # static JS files (paths under static/), loaded with defer on every public page
    "body_start",  # first thing inside <body>
    "guide",       # on a guide's start page, after the list of steps
    "step",        # on a step page, after the step text
    "help",        # on the help page, after the phone numbers
    "body_end",    # last thing inside <body>
    "staff_nav",   # (endpoint, label) pairs for the staff area's menu
    "staff_overview",  # (partial template, function(db) -> its context) for the staff overview page
)


def init_app(app) -> None:
    app.extensions["trinvis.slots"] = {slot: [] for slot in SLOTS}
    app.jinja_env.globals["slots"] = app.extensions["trinvis.slots"]


def add(app, slot: str, item) -> None:
    app.extensions["trinvis.slots"][slot].append(item)
