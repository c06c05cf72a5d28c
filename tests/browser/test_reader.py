"""Reader aids in real Chromium: read aloud, the handover QR code, side by side, text size and contrast."""
from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from app.staff import accounts
from tests.offline.browsing import forget_http_cache, wait_controlled
from tests.staff.helpers import PASSWORD, make_staff

STEP = "/uk/guides/mitid-app/2/"  # "Scan your passport": its text marks the Danish screen word "Aktivér"


def voices(*langs: str, local: bool = True) -> str:
    """An init script giving the page these speech voices (on the device, or network voices when
    `local` is false) and recording what it is asked to say."""
    return """(() => {
  const voices = %s.map(lang => ({name: "Test " + lang, lang, voiceURI: "test-" + lang, localService: %s, default: false}));
  const synth = window.speechSynthesis;
  window.__spoken = []; window.__cancelled = 0; window.__last = null;
  Object.defineProperty(synth, "getVoices", {value: () => voices.slice()});
  Object.defineProperty(synth, "speak", {value: (u) => { window.__spoken.push({text: u.text, lang: u.lang, rate: u.rate}); window.__last = u; }});
  Object.defineProperty(synth, "cancel", {value: () => { window.__cancelled += 1; }});
})();""" % (json.dumps(list(langs)), json.dumps(local))


def spoken(page) -> list[dict]:
    return page.evaluate("window.__spoken")


@pytest.mark.parametrize("given", [(), ("de-DE", "da-DK")], ids=["no voices", "no voice for uk"])
def test_no_read_aloud_button_without_a_voice_for_the_page_language(browser, live_server, given):
    context = browser.new_context()
    context.add_init_script(voices(*given))
    page = context.new_page()
    page.goto(live_server.url + STEP)
    page.wait_for_load_state("load")
    assert page.locator("[data-readaloud]").count() == 1
    assert page.locator("[data-readaloud]").is_hidden()
    assert page.get_by_role("button", name="Прочитати вголос").count() == 0
    context.close()


def test_read_aloud_speaks_the_step_in_its_language_and_stop_cancels(browser, live_server):
    context = browser.new_context()
    context.add_init_script(voices("uk-UA", "da-DK"))
    page = context.new_page()
    page.goto(live_server.url + STEP)
    play = page.get_by_role("button", name="Прочитати вголос")
    play.click()
    said = spoken(page)
    title = page.locator("article.step h1").inner_text()
    assert said[0] == {"text": title, "lang": "uk", "rate": 1}
    assert {s["lang"] for s in said} == {"uk", "da"}
    assert [s["text"] for s in said if s["lang"] == "da"] == ["Aktivér"]  # the screen word, in Danish
    whole = " ".join(s["text"] for s in said)
    for sentence in page.locator("article.step .step-text").inner_text().split("\n"):
        assert " ".join(sentence.split()[:3]) in whole
    stop = page.get_by_role("button", name="Стоп")
    assert stop.is_visible() and play.is_hidden()
    cancelled = page.evaluate("window.__cancelled")
    stop.click()
    assert page.evaluate("window.__cancelled") > cancelled
    assert play.is_visible() and stop.is_hidden()
    context.close()


def test_offline_a_network_voice_does_not_count(browser, live_server):
    """Offline, a voice that speaks from the network would say nothing: with only such a voice
    the button goes when the connection does, comes back with it, and a page opened offline
    (from the worker) has none."""
    context = browser.new_context()
    context.add_init_script(voices("uk-UA", local=False))
    page = context.new_page()
    page.goto(live_server.url + STEP)
    wait_controlled(page)
    page.reload()  # now through the worker, which keeps the page for offline use
    control = page.locator("[data-readaloud]")
    expect(control).to_be_visible()  # online, the network voice reads
    context.set_offline(True)
    try:
        expect(control).to_be_hidden()
        forget_http_cache(page)
        # a new tab: Chromium's emulated offline state reaches new pages, not reloads of this one
        later = context.new_page()
        assert later.goto(live_server.url + STEP).from_service_worker
        assert later.evaluate("navigator.onLine") is False
        expect(later.locator("article.step h1")).to_be_visible()
        assert later.locator("[data-readaloud]").is_hidden()
        assert later.get_by_role("button", name="Прочитати вголос").count() == 0
    finally:
        context.set_offline(False)
    for shown in (page, later):
        expect(shown.locator("[data-readaloud]")).to_be_visible()
    page.get_by_role("button", name="Прочитати вголос").click()
    assert spoken(page)[0]["lang"] == "uk"
    context.close()


def test_offline_a_voice_on_the_device_still_reads(browser, live_server):
    context = browser.new_context()
    context.add_init_script(voices("uk-UA"))
    page = context.new_page()
    page.goto(live_server.url + STEP)
    context.set_offline(True)
    try:
        assert page.evaluate("navigator.onLine") is False
        play = page.get_by_role("button", name="Прочитати вголос")
        expect(play).to_be_visible()
        play.click()
        assert spoken(page)[0]["lang"] == "uk"
    finally:
        context.set_offline(False)
    context.close()


def test_slower_reading_is_remembered_on_the_device(browser, live_server):
    context = browser.new_context()
    context.add_init_script(voices("uk-UA"))
    page = context.new_page()
    page.goto(live_server.url + STEP)
    slower = page.get_by_role("button", name="Повільніше")
    slower.click()
    assert slower.get_attribute("aria-pressed") == "true"
    page.reload()
    page.get_by_role("button", name="Прочитати вголос").click()
    said = spoken(page)
    assert said and all(s["rate"] == pytest.approx(0.7) for s in said)
    assert all(s["lang"] == "uk" for s in said)  # no Danish voice: the screen word is read by the uk voice
    page.evaluate("window.__last.onend()")  # the last piece has been spoken
    assert page.get_by_role("button", name="Прочитати вголос").is_visible()
    assert page.evaluate("document.cookie") == ""
    context.close()


def test_the_danish_column_is_read_with_a_danish_voice(browser, live_server):
    context = browser.new_context()
    context.add_init_script(voices("uk-UA", "da-DK"))
    page = context.new_page()
    page.goto(live_server.url + STEP + "?with=da")
    page.locator(".pair-other [data-act=play]").click()
    said = spoken(page)
    assert said[0] == {"text": "Scan dit pas", "lang": "da", "rate": 1}
    assert all(s["lang"] == "da" for s in said)
    context.close()


def test_the_qr_code_on_the_stuck_page_opens_the_step_side_by_side(page, live_server, axe):
    page.goto(live_server.url + STEP)
    page.get_by_role("link", name="Мені потрібна допомога тут – показати біля стійки").click()
    assert page.url.endswith(STEP + "stuck/")
    code = page.locator(".handover-code").inner_text().replace(" ", "")
    assert len(code) == 9 and code.isdigit()
    assert axe(page) == []
    shot = page.locator("img.handover-qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert len(found) == 1 and found[0].text.endswith(f"/h/{code}")
    page.goto(live_server.url + urlsplit(found[0].text).path)
    assert page.url == f"{live_server.url}/da/guides/mitid-app/2/?with=uk"
    assert page.locator("article.pair-other").get_attribute("lang") == "uk"


@pytest.mark.parametrize("lang", ["ar", "uk"])
@pytest.mark.parametrize("path", ["/guides/mitid-app/2/?with=da", "/guides/mitid-app/?with=da"])
def test_side_by_side_passes_axe_and_stacks_on_a_narrow_screen(browser, live_server, axe, lang, path):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}{path}")
    danish = page.locator(".pair-other").first
    assert danish.get_attribute("lang") == "da" and danish.get_attribute("dir") == "ltr"
    assert axe(page) == []
    own, other = page.locator(".pair > *").nth(0).bounding_box(), danish.bounding_box()
    assert abs(own["y"] - other["y"]) < 2  # next to each other
    assert (other["x"] < own["x"]) == (lang == "ar")  # the reader's language on the start side
    page.set_viewport_size({"width": 320, "height": 640})
    own, other = page.locator(".pair > *").nth(0).bounding_box(), danish.bounding_box()
    assert other["y"] >= own["y"] + own["height"]  # under it
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


def test_text_size_and_high_contrast_are_remembered_without_a_cookie(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/da/guides/mitid-app/7/")
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    for _ in range(5):
        page.locator("[data-textsize] button[data-size='1']").click()
    contrast = page.get_by_role("button", name="Høj kontrast")
    assert contrast.get_attribute("aria-pressed") == "false"
    contrast.click()
    page.reload()
    assert page.get_attribute("html", "data-size") == "4"
    assert page.get_attribute("html", "data-contrast") == "more"
    assert page.get_by_role("button", name="Høj kontrast").get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 2 * base
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("document.cookie") == "" and context.cookies() == []
    page.emulate_media(media="print")  # printing keeps the reader's size and the contrast
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body == pytest.approx(2 * 13 * 96 / 72, rel=0.01)
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    context.close()


@pytest.mark.parametrize("path", ["/da/guides/mitid-app/7/", "/ar/guides/mitid-app/7/",
                                  "/uk/guides/mitid-app/7/?with=da", "/ar/guides/mitid-app/?with=da",
                                  "/uk/guides/mitid-app/all/?with=da", "/ar/guides/mitid-app/2/stuck/"])
def test_200_percent_text_and_high_contrast_at_320_px(browser, live_server, axe, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_init_script('localStorage.setItem("trinvis.textsize", "4"); localStorage.setItem("trinvis.contrast", "more")')
    page = context.new_page()
    page.goto(live_server.url + path)
    assert page.get_attribute("html", "data-size") == "4"
    assert page.get_attribute("html", "data-contrast") == "more"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
    assert axe(page) == [], path
    context.close()


def test_the_system_preference_for_more_contrast_is_honoured(browser, live_server):
    context = browser.new_context(contrast="more")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/guides/mitid-app/2/")
    assert page.get_attribute("html", "data-contrast") is None
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.callout')).borderTopWidth") == "2px"
    context.close()


def test_staff_type_the_code_and_see_the_step_side_by_side(browser, live_server, live_app, axe):
    email = "counter@aabenraa.dk"
    try:
        make_staff(live_app, email)
    except accounts.AccountError:
        pass  # made by an earlier run in this session
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/guides/mitid-app/5/stuck/")
    code = page.locator(".handover-code").inner_text()
    page.goto(f"{live_server.url}/staff/handover/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/staff/handover/")
    page.get_by_label("Koden fra borgerens skærm").fill(code)
    page.get_by_role("button", name="Åbn trinnet").click()
    assert page.locator("article.pair-other").get_attribute("lang") == "ar"
    assert page.locator("article.pair-other").get_attribute("dir") == "rtl"
    assert "Borgeren læser på arabisk" in page.locator(".found").inner_text()
    assert axe(page) == []
    page.get_by_label("Koden fra borgerens skærm").fill("123 456 78")
    page.get_by_role("button", name="Åbn trinnet").click()
    assert "En kode har ni cifre" in page.get_by_role("alert").inner_text()
    assert axe(page) == []
    context.close()


@pytest.mark.parametrize("lang, label, button, problem", [
    ("da", "Koden fra borgerens skærm", "Åbn trinnet", "En kode har ni cifre"),
    ("ar", "الرمز من شاشة المواطن", "افتح الخطوة", "يتكون الرمز من تسعة أرقام"),
])
def test_a_volunteer_types_the_code_on_the_public_code_page(browser, live_server, axe, lang, label, button, problem):
    """No login and no JavaScript: the form alone takes a helper to the step, and a wrong code gets
    a message announced next to the box."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/uk/guides/mitid-app/2/stuck/")
    code = page.locator(".handover-code").inner_text()
    page.goto(f"{live_server.url}/{lang}/code/")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_label(label).fill("123 456 78")
    page.get_by_role("button", name=button).click()
    assert problem in page.get_by_role("alert").inner_text()
    assert page.get_by_label(label).get_attribute("aria-invalid") == "true"
    page.get_by_label(label).fill(code.replace(" ", "-"))
    page.get_by_role("button", name=button).click()
    assert page.url == f"{live_server.url}/da/guides/mitid-app/2/?with=uk"
    assert context.cookies() == []
    context.close()
    context = browser.new_context()  # axe runs in the page: with JavaScript, on the page and on its message
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/code/")
    assert axe(page) == []
    page.goto(f"{live_server.url}/{lang}/code/?code=000000000")
    assert axe(page) == []
    context.close()
