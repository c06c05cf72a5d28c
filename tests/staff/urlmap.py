"""Walking the app's URL map: every rule with sample values filled in."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from app.guides import library

SAMPLES = {"lang": "da", "group": "older", "filename": "css/site.css", "code": "abc123"}


def sample_values(app, rule) -> dict:
    with app.app_context():
        first = library().ordered()[0]
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif name == "slug":
            values[name] = first.slug
        elif name == "name":
            values[name] = next(s.illustration.file for s in first.danish.steps if s.illustration)
        else:
            values[name] = SAMPLES.get(name, "x")
    return values


def url_for_rule(app, rule) -> str:
    _domain, path = rule.build(sample_values(app, rule), append_unknown=False)
    return path


def rules(app, under: str | None = None, outside: tuple[str, ...] = ()):
    for rule in app.url_map.iter_rules():
        if under is not None and not (rule.rule.startswith(under) or rule.rule == under.rstrip("/")):
            continue
        if any(rule.rule.startswith(prefix) for prefix in outside):
            continue
        yield rule


def methods(rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
