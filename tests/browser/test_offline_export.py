"""The static export served by a plain static server (no Python of ours): the offline test passes."""
import pytest
from playwright.sync_api import expect

from tests.offline.browsing import (forget_http_cache, offline_fails_without_worker, visited_pages_work_offline,
                                    wait_controlled)
from tests.offline.helpers import StaticServer, exported_site


@pytest.fixture(scope="module")
def static_site():
    with StaticServer(exported_site()) as server:
        yield server


def test_pages_opened_once_work_offline_from_the_export(page, static_site, browser):
    visited_pages_work_offline(page, static_site.url)
    offline_fails_without_worker(browser, static_site.url)


def test_keeping_a_guide_works_from_the_export(page, static_site):
    base = static_site.url
    page.goto(f"{base}/")
    page.get_by_role("link", name="English").click()  # the export's front door lets you choose
    assert page.url == f"{base}/en/"
    page.goto(f"{base}/en/guides/tax-check/")
    wait_controlled(page)
    page.get_by_role("button", name="Keep this guide on my phone").click()
    expect(page.locator("[data-keep-state]")).to_have_text(
        "This guide is ready offline: it works on this device without internet.", timeout=60_000)
    page.goto(f"{base}/en/")  # now through the worker, so it is on the device
    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        response = page.goto(f"{base}/en/guides/tax-check/all/")
        assert response.from_service_worker and page.locator("article, .step").count() > 0
        # the front door, offline: the home page of the browser's language (or, if the browser's
        # HTTP cache still holds it, the export's language chooser: python's server sets no
        # Cache-Control, so browsers may keep its pages a while by heuristics)
        response = page.goto(f"{base}/")
        assert response.from_service_worker
        assert page.url == f"{base}/en/" or page.locator('.tiles a[href="/en/"]').count() == 1
        assert page.inner_text("h1") != "You are offline"
    finally:
        page.context.set_offline(False)
