"""Asset labels: the QR code on each kit's label opens that kit's page in the staff area."""
from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def kit_address(base_url: str, kit_id: int) -> str:
    """The address a kit's label leads to. Labels are printed once and stuck on, so this path
    must keep working: /staff/lending/kits/<id>/ (the id, not the tag, so a corrected tag
    leaves old labels valid)."""
    return f"{base_url.rstrip('/')}/staff/lending/kits/{int(kit_id)}/"


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> bytes:
    """The QR code as a standalone SVG (one path, no script or style attributes)."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode").encode("utf-8")


def qr_png(data: str, box_size: int = 8) -> bytes:
    """The same QR code as a PNG (Pillow)."""
    code = _code(data)
    code.box_size = box_size
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
