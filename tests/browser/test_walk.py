"""A citizen walks a guide in real Chromium, with JavaScript on and off; axe checks the pages."""
import pytest

from app.guides import library


@pytest.fixture(scope="module")
def steps(live_app):
    with live_app.app_context():
        return len(library().find("mitid-app").danish.steps)


@pytest.mark.parametrize("lang,direction", [("da", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_citizen_walks_a_guide_from_home_to_the_last_step(browser, live_server, steps, lang, direction, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/")
    assert page.get_attribute("html", "dir") == direction
    page.click(f"a[href='/{lang}/guides/mitid-app/']")
    page.click(f"a.button[href='/{lang}/guides/mitid-app/1/']")
    for number in range(1, steps + 1):
        assert page.url.endswith(f"/{lang}/guides/mitid-app/{number}/")
        assert page.get_attribute("html", "lang") == lang
        assert page.get_attribute("html", "dir") == direction
        assert page.locator("h1").is_visible()
        if number < steps:
            page.click("a[rel=next]")
    assert page.locator(".helpbox").is_visible()  # the last step points to help in person
    if direction == "rtl":
        # right-to-left layout: the next-step button sits on the left side of the pager
        page.goto(f"{live_server.url}/{lang}/guides/mitid-app/2/")
        prev_box = page.locator("a[rel=prev]").bounding_box()
        next_box = page.locator("a[rel=next]").bounding_box()
        assert next_box["x"] < prev_box["x"]
    context.close()


PAGES = ["/{lang}/", "/{lang}/for/older/", "/{lang}/guides/mitid-app/", "/{lang}/guides/mitid-app/2/",
         "/{lang}/help/"]


@pytest.mark.parametrize("lang", ["da", "ar", "uk"])
def test_axe_reports_no_violations(page, live_server, axe, lang):
    for template in PAGES:
        page.goto(live_server.url + template.format(lang=lang))
        assert axe(page) == [], template.format(lang=lang)
