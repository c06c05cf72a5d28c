"""Draws the app icons (stairs: one step at a time) as SVG and PNG: `python -m app.offline.icons`."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE, WHITE, YELLOW = "#0b5394", "#ffffff", "#f4b400"
FOLDER = Path(__file__).resolve().parent.parent / "static" / "icons"

# Three steps rising to the right, a yellow dot on the top step; drawn on a 100-unit grid.
STAIRS = [(20, 80), (20, 62), (40, 62), (40, 44), (60, 44), (60, 26), (80, 26), (80, 80)]
DOT = (70, 14, 5)  # centre x, centre y, radius


def svg(maskable: bool = False) -> str:
    """The icon as SVG; the maskable form is full-bleed with the drawing inside the safe zone."""
    def scale(value: float) -> float:
        return round(value * 0.7 + 15, 2) if maskable else value
    points = " ".join(f"{scale(x):g},{scale(y):g}" for x, y in STAIRS)
    cx, cy, r = DOT
    background = ('<rect width="100" height="100" fill="%s"/>' % BLUE if maskable
                  else '<rect width="100" height="100" rx="18" fill="%s"/>' % BLUE)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            f'{background}<polygon points="{points}" fill="{WHITE}"/>'
            f'<circle cx="{scale(cx):g}" cy="{scale(cy):g}" r="{r * (0.7 if maskable else 1):g}" fill="{YELLOW}"/>'
            '</svg>\n')


def png(size: int, maskable: bool = False) -> Image.Image:
    """The same drawing as a PNG, drawn at 4x and scaled down for smooth edges."""
    big = size * 4
    unit = big / 100
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BLUE)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=18 * unit, fill=BLUE)
    shrink, shift = (0.7, 15) if maskable else (1, 0)
    draw.polygon([((x * shrink + shift) * unit, (y * shrink + shift) * unit) for x, y in STAIRS], fill=WHITE)
    cx, cy, r = DOT
    cx, cy, r = (cx * shrink + shift) * unit, (cy * shrink + shift) * unit, r * shrink * unit
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "icon.svg").write_text(svg(), encoding="utf-8")
    png(192).save(FOLDER / "icon-192.png", optimize=True)
    png(512).save(FOLDER / "icon-512.png", optimize=True)
    png(512, maskable=True).save(FOLDER / "icon-maskable-512.png", optimize=True)
    png(180, maskable=True).convert("RGB").save(FOLDER / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
