"""Large batches from the staff page print in the background: progress, the download, failures."""
import datetime as dt
import io
import re
import time

from pypdf import PdfReader

from app import store
from app.handouts import jobs
from tests.staff.helpers import csrf_token, login, make_staff

CHOICE = {"guide": ["nemkonto", "tax-check"], "lang": ["da", "ar"]}


def logged_in(app, client, email="anna@aabenraa.dk"):
    make_staff(app, email)
    assert login(client, email).status_code == 303
    return csrf_token(client, "/staff/handouts/")


def wait_until_ready(client, url, seconds=90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url).get_data(as_text=True)
        if 'data-job="running"' not in page:
            return page
        assert re.search(r"\d+ af \d+ håndsedler er klar\.", page)  # progress, in the staff language
        time.sleep(0.2)
    raise AssertionError("the batch did not finish")


def db_of(app):
    return store.connect(app.config["DATABASE"])


def test_a_batch_too_long_for_a_request_prints_in_the_background(app, client):
    app.config["HANDOUTS_QUICK"] = 1
    token = logged_in(app, client)
    response = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token})
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert re.fullmatch(r"/staff/handouts/jobs/[\w-]{16}/", job_url)
    page = wait_until_ready(client, job_url)
    assert "PDF'en med 4 håndsedler er klar." in page
    download = client.get(f"{job_url}pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert 4 <= len(PdfReader(io.BytesIO(download.data)).pages) <= 8
    assert download.headers["Cache-Control"] == "no-store"
    # now every handout is in the cache: the same choice comes back at once
    again = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token})
    assert again.status_code == 200 and again.mimetype == "application/pdf"


def test_only_the_member_of_staff_who_asked_sees_the_job(app, client):
    app.config["HANDOUTS_QUICK"] = 0
    token = logged_in(app, client)
    job_url = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token}).headers["Location"]
    wait_until_ready(client, job_url)
    other = app.test_client()
    logged_in(app, other, "bo@aabenraa.dk")
    assert other.get(job_url).status_code == 404
    assert other.get(f"{job_url}pdf").status_code == 404
    anonymous = app.test_client()
    assert "/staff/login" in anonymous.get(job_url).headers["Location"]
    assert client.get("/staff/handouts/jobs/no-such-job/").status_code == 404


def test_a_job_whose_worker_died_says_so_instead_of_waiting_for_ever(app, client):
    logged_in(app, client)
    db = db_of(app)
    long_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=11)).replace(microsecond=0).isoformat()
    db.execute("INSERT INTO handout_jobs (id, owner, total, done, state, created, updated) "
               "VALUES ('stalled-job-0001', 'anna@aabenraa.dk', 120, 37, 'running', ?, ?)", [long_ago, long_ago])
    db.execute("INSERT INTO handout_jobs (id, owner, total, done, state, created, updated) "
               "VALUES ('finished-gone-01', 'anna@aabenraa.dk', 4, 4, 'done', ?, ?)", [long_ago, long_ago])
    db.conn.close()
    page = client.get("/staff/handouts/jobs/stalled-job-0001/").get_data(as_text=True)
    assert "Udskrivningen stoppede, før PDF'en var klar." in page and 'data-job="failed"' in page
    assert client.get("/staff/handouts/jobs/stalled-job-0001/pdf").status_code == 404
    page = client.get("/staff/handouts/jobs/finished-gone-01/").get_data(as_text=True)
    assert "PDF'en er ikke gemt længere." in page


def test_a_failed_print_is_shown_as_failed(app, client, monkeypatch):
    app.config["HANDOUTS_QUICK"] = 0
    token = logged_in(app, client)

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(jobs.batch, "batch_pdf", broken)
    job_url = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token}).headers["Location"]
    page = wait_until_ready(client, job_url)
    assert 'data-job="failed"' in page
    db = db_of(app)
    assert db.execute("SELECT state, error FROM handout_jobs").fetchone() == ("failed", "disk full")
    db.conn.close()


def test_jobs_and_their_pdfs_are_forgotten_after_a_day(app, client):
    app.config["HANDOUTS_QUICK"] = 0
    token = logged_in(app, client)
    first = client.post("/staff/handouts/pdf", data={**CHOICE, "csrf_token": token}).headers["Location"]
    wait_until_ready(client, first)
    job_id = first.rstrip("/").rsplit("/", 1)[1]
    with app.app_context():
        pdf_file = jobs.path(job_id)
    assert pdf_file.exists()
    db = db_of(app)
    two_days = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).isoformat()
    db.execute("UPDATE handout_jobs SET created = ?", [two_days])
    db.conn.close()
    fresh = {"guide": ["nemkonto"], "lang": ["pl"], "csrf_token": token}  # not printed yet: a new job
    second = client.post("/staff/handouts/pdf", data=fresh).headers["Location"]
    assert not pdf_file.exists()
    assert client.get(first).status_code == 404
    wait_until_ready(client, second)
