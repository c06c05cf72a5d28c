"""The one place that answers "is this request from an enrolled kiosk tablet, and which one?"."""
from __future__ import annotations

import re

from flask import current_app, g, request

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
    hosts = []
    for item in value.split(",") if isinstance(value, str) else value:
        host = item.strip().lower().removeprefix("www.")
        if host and not HOST.match(host):
            raise ValueError(f"KIOSK_ALLOWED_HOSTS: {item.strip()!r} is not a host name such as borger.dk")
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def allowed_hosts() -> tuple[str, ...]:
    return tuple(current_app.config.get("KIOSK_ALLOWED_HOSTS", ALLOWED_HOSTS))


def set_identity(response, identity: str) -> None:
    response.set_cookie(COOKIE, identity, max_age=5 * 365 * 86400, path="/", httponly=True,
                        samesite="Strict", secure=request.is_secure)
