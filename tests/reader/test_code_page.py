"""The public code page /<lang>/code/: a helper without a staff login or a scanner types the code
from the citizen's screen and is sent on to the link the QR code holds."""
from __future__ import annotations

import re

import pytest

from app.languages import CODES, direction
from app.reader import handover
from tests.reader.test_handover_pages import code_on


@pytest.fixture
def code(client):
    """The code on the Ukrainian reader's stuck page for step 2 of "log-in"."""
    return code_on(client.get("/uk/guides/log-in/2/stuck/").data)


@pytest.mark.parametrize("lang", CODES)
def test_the_code_page_is_there_in_every_language_without_a_login(client, lang):
    response = client.get(f"/{lang}/code/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    html = response.data.decode()
    assert f'<html lang="{lang}" dir="{direction(lang)}">' in html
    assert f'<form class="code-form" method="get" action="/{lang}/code/">' in html
    assert re.search(r'<label for="code">[^<]+</label>', html)
    assert '<input id="code" name="code" value=""' in html
    assert 'role="alert"' not in html and "aria-invalid" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_code_page_speaks_the_pages_language(client):
    assert "Skriv koden fra borgerens skærm" in client.get("/da/code/").data.decode()
    assert "Введіть код з екрана громадянина" in client.get("/uk/code/").data.decode()
    assert "أدخل الرمز من شاشة المواطن" in client.get("/ar/code/").data.decode()


def test_an_unknown_language_is_a_404(client):
    assert client.get("/xx/code/").status_code == 404


@pytest.mark.parametrize("shape", ["plain", "groups", "dashes", "dots and spaces", "pasted link"])
def test_a_good_code_leads_to_the_link_the_qr_code_holds(client, code, shape):
    typed = {"plain": code, "groups": " ".join(handover.grouped(code)), "dashes": "-".join(handover.grouped(code)),
             "dots and spaces": f"  {code[:3]}.{code[3:6]} {code[6:]} ", "pasted link": f"https://trinvis.example/h/{code}"}[shape]
    response = client.get("/da/code/", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/h/{code}"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    step = client.get(response.headers["Location"])
    assert step.headers["Location"] == "/da/guides/log-in/2/?with=uk"  # Danish next to the citizen's language


def swapped(code: str) -> str:
    """The code with two neighbouring digits swapped (a different pair when the first two are equal)."""
    i = next(i for i in range(len(code) - 1) if code[i] != code[i + 1])
    return code[:i] + code[i + 1] + code[i] + code[i + 2:]


@pytest.mark.parametrize("lang, typed, status, words", [
    ("da", "", 400, "En kode har ni cifre"),
    ("da", "12 34", 400, "En kode har ni cifre"),
    ("da", "abcdefghi", 400, "En kode har ni cifre"),
    ("da", "swapped", 400, "to cifre har byttet plads"),
    ("da", "000000000", 404, "Koden passer ikke til nogen vejledning"),
    ("en", "1234567890", 400, "A code has nine digits"),
    ("en", "swapped", 400, "two digits have swapped places"),
    ("en", "000000000", 404, "This code does not match any guide"),
    ("ar", "000000000", 404, "هذا الرمز لا يطابق أي دليل"),
])
def test_a_bad_code_gets_the_same_clear_message_as_at_the_counter(client, code, lang, typed, status, words):
    if typed == "swapped":
        typed = swapped(code)
    response = client.get(f"/{lang}/code/", query_string={"code": typed})
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"
    assert "Location" not in response.headers and "Set-Cookie" not in response.headers
    html = response.data.decode()
    assert f'<html lang="{lang}"' in html
    assert words in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="code-hint code-problem"' in html
    assert f'value="{typed}"' in html  # what was typed stays in the box, to be corrected


def test_what_was_typed_is_never_put_in_the_page_as_html(client):
    html = client.get("/da/code/", query_string={"code": '"><script>alert(1)</script>'}).data.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_the_stuck_page_shows_the_short_address_and_where_helpers_type_the_code(client, code):
    html = client.get("/uk/guides/log-in/2/stuck/").data.decode()
    assert f'<span dir="ltr" translate="no">https://trinvis.example/h/{code}</span>' in html
    assert html.index("handover-qr") < html.index(f"https://trinvis.example/h/{code}")  # under the QR code
    assert ('lang="da" dir="ltr">Ingen scanner? Skriv koden på '
            '<a href="/da/code/">https://trinvis.example/da/code/</a>.</p>') in html

