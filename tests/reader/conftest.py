"""A small guide library of our own, so the reader-aid tests do not depend on the bundled guides."""
from __future__ import annotations

import pytest

from app import create_app
from tests.content.helpers import DANISH, ENGLISH, META, write_guide

UKRAINIAN = """+++
title = "Увійти"
summary = "Увійдіть за допомогою застосунку."
time = "5 хвилин"
needs = ["Ваш телефон"]
+++

## Відкрийте сторінку

Перейдіть на сторінку. Натисніть [[Log på|Увійти]].

![Телефон із кнопкою](phone.svg)

## Підтвердіть

Відкрийте застосунок на телефоні. Перевірте, що це ви хочете увійти. Потім натисніть [[Godkend]].

> [!warning]
> Скажіть «ні», якщо це не ви.
"""

ARABIC = """+++
title = "تسجيل الدخول"
summary = "سجّل الدخول بالتطبيق."
time = "5 دقائق"
needs = ["هاتفك"]
+++

## افتح الصفحة

اذهب إلى الصفحة. اضغط على [[Log på|تسجيل الدخول]].

![هاتف عليه زر](phone.svg)

## وافق

افتح التطبيق على هاتفك. تأكد أنك أنت من يريد الدخول. ثم اضغط على [[Godkend|موافقة]].

> [!warning]
> قل لا إذا لم تكن أنت.
"""

DANISH_ONLY = DANISH.replace("Log på", "Åbn").replace('title = "Åbn"', 'title = "Kun på dansk"')


@pytest.fixture
def guides_dir(tmp_path):
    root = tmp_path / "guides"
    write_guide(root, "log-in", translations={"en": ENGLISH, "uk": UKRAINIAN, "ar": ARABIC})
    write_guide(root, "danish-only", meta=META.replace("order = 10", "order = 20"),
                danish=DANISH_ONLY, translations={})
    return root


@pytest.fixture
def app(tmp_path, monkeypatch, guides_dir):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "test", "GUIDES_RELOAD_SECONDS": 0,
                       "GUIDES_DIR": str(guides_dir), "BASE_URL": "https://trinvis.example"})


@pytest.fixture
def client(app):
    return app.test_client()
