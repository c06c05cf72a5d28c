"""Security headers on every response the app can give."""
from __future__ import annotations

import re

from .helpers import login
from .urlmap import rules, url_for_rule

REQUIRED_CSP = ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'", "form-action 'self'")
# An SVG illustration is served with an even stricter policy of its own (nothing may load at all).
STRICTER_CSP = "default-src 'none'"


def directives(csp: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()}


def check(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"no CSP on {where}"
    if not csp.startswith(STRICTER_CSP):
        found = directives(csp)
        for required in REQUIRED_CSP:
            assert found.get(required.split(" ")[0]) == required, f"{where}: {required!r} missing from {csp!r}"
    assert "unsafe-inline" not in directives(csp).get("script-src", "") and "unsafe-eval" not in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), where
    policy = headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy, f"{where}: {feature} not in Permissions-Policy"


def all_get_urls(app):
    for rule in rules(app):
        if "GET" in (rule.methods or ()):
            yield url_for_rule(app, rule)
    yield "/no/such/page/"
    yield "/da/guides/no-such-guide/"


def test_asvs_3_4_headers_present_on_every_route(app, admin):
    anonymous = app.test_client()
    staff = app.test_client()
    login(staff, "admin@aabenraa.dk")
    checked = 0
    for url in all_get_urls(app):
        for client in (anonymous, staff):
            check(client.get(url), url)
            checked += 1
    for response in (anonymous.post("/staff/logout"), anonymous.post("/da/guides/x/1/feedback")):
        check(response, "a refused POST")
    assert checked > 20


def test_asvs_3_4_1_hsts_over_https_only(client):
    secure = client.get("/da/", base_url="https://localhost")
    max_age = re.match(r"max-age=(\d+)", secure.headers["Strict-Transport-Security"])
    assert max_age and int(max_age.group(1)) >= 31536000      # a year at least
    assert "includeSubDomains" in secure.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/da/").headers


def test_staff_pages_are_never_cached(app, admin):
    client = app.test_client()
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"
    login(client, "admin@aabenraa.dk")
    for rule in rules(app, under="/staff/"):
        if "GET" in (rule.methods or ()):
            url = url_for_rule(app, rule)
            assert client.get(url).headers.get("Cache-Control") == "no-store", url


def test_staff_pages_have_no_inline_script_or_style(app, admin):
    client = app.test_client()
    pages = [client.get("/staff/login").get_data(as_text=True)]
    login(client, "admin@aabenraa.dk")
    for path in ("/staff/", "/staff/accounts/", "/staff/audit/", "/staff/password"):
        pages.append(client.get(path).get_data(as_text=True))
    for html in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert not re.search(r"<style\b", html)
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"\son[a-z]+=", html)
