"""Response headers every page gets: a strict Content-Security-Policy and friends."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), "
               "bluetooth=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), "
               "display-capture=(), xr-spatial-tracking=(), interest-cohort=(), browsing-topics=()")


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def same_origin(*, origin_required: bool = False) -> bool:
    """Did this request come from one of our own pages? Judged by Sec-Fetch-Site, Origin, else Referer.

    Every current browser sends these with a form POST or a script's POST and DELETE, so a page
    on another site cannot use a visitor's browser to send here. With none of them (old browsers,
    some privacy tools) a form is let through; an API that only our own scripts call passes
    ``origin_required=True`` and refuses it.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    allowed = {_origin(request.host_url), _origin(current_app.config.get("BASE_URL", ""))}
    source = request.headers.get("Origin")
    if source is not None:
        return source.lower() in allowed  # "null" (sandboxed or privacy-stripped) never is
    if origin_required:
        return False
    referrer = request.headers.get("Referer")
    if referrer:
        return _origin(referrer) in allowed
    return True


def add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app) -> None:
    # Behind nginx every request comes from nginx: with TRINVIS_PROXIES=1 the client's address
    # and scheme are taken from the X-Forwarded-* headers the proxy sets (never more hops than
    # that, so a client cannot forge its own). The per-client limits need the real address.
    proxies = int(os.environ.get("TRINVIS_PROXIES") or app.config.get("PROXIES", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.after_request(add_headers)
