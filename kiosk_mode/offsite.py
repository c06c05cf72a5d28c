"""Addresses the kiosk does not open (not on the allow-list): shown as text with a QR code."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from app.handouts import qr

MAX_LENGTH = 600
CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")


def target(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) address worth a QR code, else None."""
    url = (url or "").strip()
    if not url or len(url) > MAX_LENGTH or CONTROL.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def qr_png(url: str) -> bytes:
    """The handouts part's QR code (level Q, quiet zone), 4 pixels a module: about 150 px."""
    return qr.png(url, 4)
