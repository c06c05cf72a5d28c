"""Browser steps the offline tests share (against the app and against the static export)."""
from __future__ import annotations

import re

# Per TOOLCHAIN.md: `ready` can resolve while the worker is still activating and before it
# controls the page, so wait for both `activated` and a controller before going offline.
# evaluate() waits for a promise without a time limit, so each wait gives up after 30 s.
WORKER_WAIT = """async (needControl) => {
  const waiting = (async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state !== "activated") {
      await new Promise(done => worker.addEventListener("statechange", () => worker.state === "activated" && done()));
    }
    if (!needControl) return worker.state;
    if (!navigator.serviceWorker.controller) {
      await new Promise(done => navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
    }
    return navigator.serviceWorker.controller.scriptURL;
  })();
  const late = new Promise((_, fail) => setTimeout(
    () => fail(new Error(needControl ? "no service worker controls the page after 30 s" : "no service worker is active after 30 s")), 30000));
  return Promise.race([waiting, late]);
}"""

CACHED_URLS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map(r => r.method + " " + new URL(r.url).pathname + new URL(r.url).search);
  }
  return out;
}"""


def forget_http_cache(page) -> None:
    """Empty the browser's HTTP cache, so what works offline is what the worker stored."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def wait_controlled(page) -> str:
    """The script URL of the worker that controls the page, once it does."""
    return page.evaluate(WORKER_WAIT, True)


def wait_activated(page) -> str:
    """Wait until the page's service worker registration has an activated worker."""
    return page.evaluate(WORKER_WAIT, False)


def cached(page) -> dict[str, list[str]]:
    return page.evaluate(CACHED_URLS)


def heading_of(html: str) -> str:
    """The text of a page's <h1>, as the browser shows it."""
    inner = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip().replace("&amp;", "&")


def visited_pages_work_offline(page, base: str) -> None:
    """Open a guide, let the worker take control, visit two steps; offline, reload the first and
    follow "next" to the second: both come from the worker. A page never opened gets the
    offline page in its own language."""
    page.goto(f"{base}/en/guides/mitid-app/")
    assert wait_controlled(page).endswith("/sw.js")
    page.goto(f"{base}/en/guides/mitid-app/1/")
    first = page.inner_text("h1")
    page.goto(f"{base}/en/guides/mitid-app/2/")
    second = page.inner_text("h1")
    page.goto(f"{base}/en/guides/mitid-app/1/")
    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        response = page.reload()
        assert response.from_service_worker
        assert page.inner_text("h1") == first
        with page.expect_navigation() as navigation:
            page.click("a[rel=next]")
        assert navigation.value.from_service_worker
        assert page.url == f"{base}/en/guides/mitid-app/2/"
        assert page.inner_text("h1") == second
        images = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
        assert images and all(images), "an illustration did not load offline"

        response = page.goto(f"{base}/en/guides/nemkonto/3/")
        assert response.from_service_worker
        assert page.inner_text("h1") == "You are offline"
        assert page.get_attribute("html", "lang") == "en"
        page.goto(f"{base}/ar/guides/nemkonto/3/")
        assert page.inner_text("h1") == "أنت غير متصل بالإنترنت"
        assert page.get_attribute("html", "dir") == "rtl"
    finally:
        page.context.set_offline(False)


def offline_fails_without_worker(browser, base: str) -> None:
    """Negative control: with service workers blocked the same reload fails offline."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{base}/en/guides/mitid-app/1/")
        context.set_offline(True)
        try:
            page.reload()
        except Exception as error:  # net::ERR_INTERNET_DISCONNECTED
            assert "INTERNET_DISCONNECTED" in str(error)
        else:
            raise AssertionError("the page reloaded offline without a service worker")
    finally:
        context.close()
