"""Writing small guides into a temporary folder for the loader and checker tests."""
from __future__ import annotations

from pathlib import Path

from app.content import stamp

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60"><rect width="100" height="60" fill="#e8f0fa"/></svg>'
META = """audiences = ["older", "newcomers"]
topic = "mitid"
order = 10
reviewed = 2026-11-01
review_interval_months = 12
sources = ["https://www.mitid.dk/"]
aliases = []
"""
DANISH = """+++
title = "Log på"
summary = "Log på med din app."
time = "5 minutter"
needs = ["Din telefon"]
+++

## Åbn siden

Gå til siden. Tryk på [[Log på]].

![En telefon med en knap](phone.svg)

## Godkend

Åbn appen på din telefon. Se, om det er dig, der vil ind. Tryk så på [[Godkend]].

> [!warning]
> Sig nej, hvis det ikke er dig.
"""
ENGLISH = """+++
title = "Log in"
summary = "Log in with your app."
time = "5 minutes"
needs = ["Your phone"]
+++

## Open the page

Go to the page. Tap [[Log på|Log in]].

![A phone with a button](phone.svg)

## Approve

Open the app on your phone. Check that it is you who wants to log in. Then tap [[Godkend|Approve]].

> [!warning]
> Say no if it is not you.
"""


def write_guide(root: Path, slug: str = "log-in", meta: str = META, danish: str = DANISH,
                translations: dict[str, str] | None = None, stamped: bool = True) -> Path:
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "guide.toml").write_text(meta, encoding="utf-8")
    (folder / "da.md").write_text(danish, encoding="utf-8")
    (folder / "phone.svg").write_text(SVG, encoding="utf-8")
    for lang, text in (translations if translations is not None else {"en": ENGLISH}).items():
        (folder / f"{lang}.md").write_text(text, encoding="utf-8")
        if stamped:
            stamp(folder, lang)
    return folder
