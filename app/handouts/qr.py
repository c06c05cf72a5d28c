"""QR codes for short links, as SVG (print, pages) and PNG (anything else)."""
from __future__ import annotations

import base64
import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_Q

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=512)
def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the code, quiet zone included. Level Q: a handout gets folded and
    scuffed, and Q still reads with a quarter of the code damaged."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def svg(data: str, title: str = "") -> str:
    """A scalable SVG: a white square with one path of black runs. No width or height, so
    CSS sizes it; crisp edges so a printer never blurs the modules."""
    rows = matrix(data)
    size = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    label = f"<title>{_escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
            f'shape-rendering="crispEdges" role="img">{label}'
            f'<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>')


@lru_cache(maxsize=256)
def png(data: str, module_pixels: int = 10) -> bytes:
    """A PNG with `module_pixels` pixels per module (10 → about 490 px for a short link)."""
    from PIL import Image

    rows = matrix(data)
    size = len(rows)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if cell else 1 for row in rows for cell in row])
    image = image.resize((size * module_pixels, size * module_pixels), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_data_uri(data: str) -> str:
    """A PNG (8 pixels a module) as a data: URI, for the PDF printer: it lays out a small PNG
    several times faster than an SVG of some hundred paths, and the printed code is as sharp
    (the PDF image is drawn without smoothing, see handouts.css)."""
    return "data:image/png;base64," + base64.b64encode(png(data, 8)).decode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
