"""Page views count people opening a guide, not the service worker fetching pages to keep them."""
import datetime as dt

from app import store


def views(app) -> list[tuple]:
    db = store.connect(app.config["DATABASE"])
    try:
        return [tuple(r) for r in db.execute("SELECT day, guide, lang, views FROM page_views ORDER BY guide, lang")]
    finally:
        db.conn.close()


def test_opening_a_guide_counts_one_view_for_the_day_guide_and_language(app, client):
    client.get("/uk/guides/mitid-app/", headers={"Sec-Fetch-Mode": "navigate"})
    client.get("/uk/guides/mitid-app/", headers={"Sec-Fetch-Mode": "navigate"})
    client.get("/ar/guides/nemkonto/")  # a browser too old to send Sec-Fetch-* still counts
    today = dt.date.today().isoformat()
    assert views(app) == [(today, "mitid-app", "uk", 2), (today, "nemkonto", "ar", 1)]


def test_pages_fetched_by_the_service_worker_are_not_views(app, client):
    for mode in ("cors", "same-origin", "no-cors"):  # what fetch() from the worker sends
        assert client.get("/da/guides/tax-check/", headers={"Sec-Fetch-Mode": mode}).status_code == 200
    assert views(app) == []


def test_a_missing_guide_is_not_counted(app, client):
    assert client.get("/da/guides/no-such-guide/", headers={"Sec-Fetch-Mode": "navigate"}).status_code == 404
    assert views(app) == []
