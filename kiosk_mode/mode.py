"""The one place that answers "is this request from an enrolled kiosk tablet, and which one?"."""
from __future__ import annotations

from flask import current_app, g, request

from app.store import get_db

from . import devices

COOKIE = "trinvis_kiosk"
ALLOWED_HOSTS = ("borger.dk", "mitid.dk", "sundhed.dk", "skat.dk", "e-boks.dk", "mit.dk",
                 "nemkonto.dk", "aabenraa.dk")


def current_device() -> dict | None:
    """The enrolled device this request comes from (its cookie), or None on any other browser."""
    if "kiosk_device" not in g:
        try:
            identity = request.cookies.get(COOKIE)
        except RuntimeError:
            return None
        g.kiosk_device = devices.by_identity(get_db(), identity) if identity else None
    return g.kiosk_device


def device_languages(device: dict) -> list[str]:
    """The languages the kiosk shows now (the volunteer's pick among those allowed)."""
    return devices.shown_languages(device)


def allowed_hosts() -> tuple[str, ...]:
    return tuple(current_app.config.get("KIOSK_ALLOWED_HOSTS", ALLOWED_HOSTS))


def set_identity(response, identity: str) -> None:
    response.set_cookie(COOKIE, identity, max_age=5 * 365 * 86400, path="/", httponly=True,
                        samesite="Strict", secure=request.is_secure)
