"""On a lent kiosk tablet there is nothing about notifications to press: a shared tablet forgets
everything after each visit, so it cannot receive them. Nor in the static export, which has no push API."""
import re

from tests.kiosk_mode.test_devices import enrolled_client


def follow_parts(html: str) -> list[str]:
    return [part for part in ("data-push-follow", 'href="/da/notifications/"', "Tell me when this guide changes",
                              "Giv mig besked, når guiden ændres") if part in html]


def test_a_guide_start_page_offers_notifications_on_a_phone(client):
    html = client.get("/da/guides/mitid-app/").get_data(as_text=True)
    assert follow_parts(html) == ["data-push-follow", 'href="/da/notifications/"',
                                  "Giv mig besked, når guiden ændres"]
    page = client.get("/da/notifications/").get_data(as_text=True)
    assert "data-push-topics" in page and "data-push-unsupported" in page and "notifications.js" in page
    assert "data-push-kiosk" not in page
    script = re.search(r'<script src="(/push/static/notifications\.js\?v=\w+)" defer>', page).group(1)
    served = client.get(script)
    assert served.status_code == 200 and b"trinvisPush" in served.data


def test_a_kiosk_tablet_shows_no_follow_box_and_no_notifications_link(app, client, runner):
    enrolled_client(app, client, runner)
    for lang in ("da", "uk"):
        html = client.get(f"/{lang}/guides/mitid-app/").get_data(as_text=True)
        assert "data-push-follow" not in html and f'href="/{lang}/notifications/"' not in html
    assert follow_parts(client.get("/da/guides/mitid-app/").get_data(as_text=True)) == []


def test_the_notifications_page_on_a_kiosk_says_why_instead_of_blaming_the_browser(app, client, runner):
    enrolled_client(app, client, runner)
    response = client.get("/da/notifications/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "data-push-kiosk" in html and "delt tablet" in html
    for absent in ("data-push-topics", "data-push-unsupported", "data-push-ios", "notifications.js",
                   "Denne browser kan ikke vise notifikationer"):
        assert absent not in html, absent


def test_the_static_export_has_no_follow_box_and_no_notifications_link(app, client):
    # the export has no subscriptions API and no notifications page for them to lead to
    app.config["TRINVIS_EXPORT"] = True
    html = client.get("/da/guides/mitid-app/").get_data(as_text=True)
    assert follow_parts(html) == []
