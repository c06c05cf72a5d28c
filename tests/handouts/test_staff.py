"""The staff handouts page: only for staff, preview, one PDF for many handouts, stickers, audit."""
import datetime as dt
import io
import re

from pypdf import PdfReader

from app import store
from app.handouts import sheet
from tests.staff.helpers import csrf_token, login, make_staff

PREVIEW = "/staff/handouts/?guide=nemkonto&guide=tax-check&lang=da&lang=uk&preview=1"
CHOICE = {"guide": ["nemkonto", "tax-check"], "lang": ["da", "uk"]}


def logged_in(app, client):
    make_staff(app, "anna@aabenraa.dk")
    assert login(client, "anna@aabenraa.dk").status_code == 303
    return csrf_token(client, "/staff/handouts/")


def audit_rows(app):
    db = store.connect(app.config["DATABASE"])
    try:
        return db.execute("SELECT actor, action, detail FROM audit_log WHERE action LIKE 'handouts.%'").fetchall()
    finally:
        db.conn.close()


def test_anonymous_visitors_cannot_make_pdfs(client):
    for path in ("/staff/handouts/", PREVIEW, "/staff/handouts/da/nemkonto.pdf"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"], path
    for path in ("/staff/handouts/pdf", "/staff/handouts/stickers"):
        response = client.post(path, data=CHOICE)
        assert response.status_code in (302, 400, 403), path
        assert response.mimetype != "application/pdf"


def test_the_page_is_in_danish_in_the_staff_menu_and_previews_the_choice(app, client):
    logged_in(app, client)
    page = client.get("/staff/handouts/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in page and "<h1>Håndsedler</h1>" in page
    assert '<a href="/staff/handouts/" aria-current="page">Håndsedler</a>' in page
    assert 'id="g-nemkonto"' in page and 'id="l-ar"' in page
    preview = client.get(PREVIEW).get_data(as_text=True)
    assert "4 håndsedler" in preview
    assert len(set(re.findall(r"/qr/([A-Z0-9]+)\.svg", preview))) == 4
    assert preview.count("127.0.0.1:5000/q/") == 4
    assert 'href="/uk/guides/tax-check/handout/"' in preview
    assert 'href="/staff/handouts/uk/nemkonto.pdf"' in preview
    assert 'name="csrf_token"' in preview and 'formaction="/staff/handouts/pdf"' in preview


def test_one_pdf_with_every_chosen_handout_is_logged(app, client, monkeypatch):
    monkeypatch.setattr(sheet, "today", lambda: dt.date(2027, 3, 1))  # the date the handouts show
    token = logged_in(app, client)
    response = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'attachment; filename="trinvis-haandsedler-2027-03-01.pdf"' in response.headers["Content-Disposition"]
    assert 4 <= len(PdfReader(io.BytesIO(response.data)).pages) <= 8
    assert response.headers["Cache-Control"] == "no-store"
    ((actor, action, detail),) = audit_rows(app)
    assert (actor, action) == ("anna@aabenraa.dk", "handouts.pdf")
    assert "nemkonto, tax-check" in detail and "da, uk" in detail


def test_a_sticker_sheet(app, client):
    token = logged_in(app, client)
    response = client.post("/staff/handouts/stickers", data={**CHOICE, "csrf_token": token})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1
    assert [row[1] for row in audit_rows(app)] == ["handouts.stickers"]


def test_a_single_handout_pdf(app, client):
    logged_in(app, client)
    response = client.get("/staff/handouts/ar/nemkonto.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get("/staff/handouts/ar/no-such-guide.pdf").status_code == 404
    assert client.get("/staff/handouts/xx/nemkonto.pdf").status_code == 404


def test_forms_without_a_token_are_refused(app, client):
    logged_in(app, client)
    response = client.post("/staff/handouts/pdf", data=CHOICE)
    assert response.status_code == 400 and response.mimetype != "application/pdf"
    assert audit_rows(app) == []


def test_bad_choices_get_a_clear_answer(app, client):
    token = logged_in(app, client)
    app.config["HANDOUTS_MAX_BATCH"] = 3
    refused = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token})
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    text = refused.get_data(as_text=True)
    assert "Du har valgt 4 håndsedler. Der kan højst være 3 i én PDF" in text
    assert 'id="g-nemkonto" name="guide" value="nemkonto" checked' in text  # the choice is kept
    assert "Du har valgt 4 håndsedler" in client.get(PREVIEW).get_data(as_text=True)
    nothing = client.post("/staff/handouts/pdf", data={"csrf_token": token})
    assert nothing.status_code == 400 and "Vælg mindst én vejledning og ét sprog" in nothing.get_data(as_text=True)
    unknown = client.post("/staff/handouts/pdf", data={"guide": "no-such-guide", "lang": "da", "csrf_token": token})
    assert unknown.status_code == 404
    assert client.get("/staff/handouts/?guide=nemkonto&lang=xx&preview=1").status_code == 404
    assert audit_rows(app) == []
