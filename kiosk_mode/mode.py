"""The one place that answers "is this request from an enrolled kiosk tablet, and which one?"."""
from __future__ import annotations

import re

from flask import current_app, g, request

from app.settings import host_list
from app.store import get_db

from . import devices

COOKIE = "trinvis_kiosk"
ALLOWED_HOSTS = ("borger.dk", "mitid.dk", "sundhed.dk", "skat.dk", "e-boks.dk", "mit.dk",
                 "nemkonto.dk", "aabenraa.dk")
HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


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


def parse_hosts(value) -> list[str]:
    """The official sites a kiosk opens, from KIOSK_ALLOWED_HOSTS: a list, or the comma-separated
    text of TRINVIS_KIOSK_ALLOWED_HOSTS. A host allows its subdomains too; "www." is dropped."""
    return host_list(value, "KIOSK_ALLOWED_HOSTS", "a host name such as borger.dk", HOST.match,
                     clean=lambda host: host.removeprefix("www."))


def allowed_hosts() -> tuple[str, ...]:
    return tuple(current_app.config.get("KIOSK_ALLOWED_HOSTS", ALLOWED_HOSTS))


def set_identity(response, identity: str) -> None:
    response.set_cookie(COOKIE, identity, max_age=5 * 365 * 86400, path="/", httponly=True,
                        samesite="Strict", secure=request.is_secure)
