"""Shared helpers for the handout tests: the short code on a page, decoding QR codes for real."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image

from app import store
from app.handouts import links

CODE_IN_PAGE = re.compile(r'/qr/([A-Z0-9]+)\.svg')


def code_for(app, slug: str, lang: str, step: int | None = None) -> str:
    db = store.connect(app.config["DATABASE"])
    try:
        return links.ensure(db, slug, lang, step).code
    finally:
        db.conn.close()


def decode_png(data: bytes) -> list:
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))


def pdf_page_png(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 150) -> bytes:
    """A page of a PDF as a PNG, rendered by poppler's pdftoppm (as a printer would see it)."""
    source = tmp_path / f"doc-{page}.pdf"
    source.write_bytes(pdf)
    target = tmp_path / f"page-{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(source), str(target)], check=True)
    return (tmp_path / f"page-{page}.png").read_bytes()


def html_lang(body: bytes) -> tuple[str, str]:
    match = re.search(rb'<html lang="([a-z]+)" dir="(ltr|rtl)">', body)
    assert match, body[:300]
    return match.group(1).decode(), match.group(2).decode()
