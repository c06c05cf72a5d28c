"""Danish side by side: ?with=da on any guide page, kept in every link, ignored where it adds nothing."""
from __future__ import annotations

import re

import pytest


def columns(html: str) -> list[str]:
    return re.findall(r'<(?:article|div) class="(?:step )?pair-other"([^>]*)>', html)


def test_the_step_page_shows_the_danish_step_next_to_the_readers(client):
    response = client.get("/uk/guides/log-in/2/?with=da")
    assert response.status_code == 200
    html = response.data.decode()
    assert '<html lang="uk" dir="ltr">' in html
    assert columns(html) == [' lang="da" dir="ltr"']
    uk, da = html.split('class="step pair-other"', 1)
    assert "Підтвердіть" in uk and "<h1>Підтвердіть</h1>" in uk
    assert "<h2>Godkend</h2>" in da and "Åbn appen på din telefon" in da
    assert html.count("<h1>") == 1
    assert 'rel="canonical" href="http://localhost/uk/guides/log-in/2/"' in html
    assert "Set-Cookie" not in response.headers


def test_arabic_pages_keep_their_direction_and_the_danish_column_runs_left_to_right(client):
    html = client.get("/ar/guides/log-in/1/?with=da").data.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert columns(html) == [' lang="da" dir="ltr"']


def test_the_choice_is_kept_in_every_guide_link(client):
    html = client.get("/en/guides/log-in/1/?with=da").data.decode()
    assert 'href="/en/guides/log-in/2/?with=da" rel="next"' in html
    assert 'href="/en/guides/log-in/?with=da">Log in</a>' in html  # crumbs
    last = client.get("/en/guides/log-in/2/?with=da").data.decode()
    assert 'href="/en/guides/log-in/1/?with=da" rel="prev"' in last
    assert 'class="next button" href="/en/guides/log-in/?with=da"' in last
    start = client.get("/en/guides/log-in/?with=da").data.decode()
    for href in ("/en/guides/log-in/1/?with=da", "/en/guides/log-in/2/?with=da", "/en/guides/log-in/all/?with=da"):
        assert f'href="{href}"' in start


def test_every_translated_guide_page_links_to_side_by_side_and_back(client):
    for url in ("/en/guides/log-in/", "/en/guides/log-in/1/", "/en/guides/log-in/all/"):
        html = client.get(url).data.decode()
        assert f'href="{url}?with=da"' in html, url
        paired = client.get(url + "?with=da").data.decode()
        assert f'href="{url}">Hide the Danish text</a>' in paired, url


def test_no_side_by_side_link_where_the_page_is_already_danish(client):
    assert b"?with=da" not in client.get("/da/guides/log-in/1/").data
    assert b"?with=da" not in client.get("/uk/guides/danish-only/1/").data  # not translated: shown in Danish


@pytest.mark.parametrize("url", ["/da/guides/log-in/1/?with=da", "/en/guides/log-in/1/?with=xx",
                                 "/uk/guides/danish-only/1/?with=da", "/en/guides/log-in/1/?with=pl"])
def test_a_second_language_that_adds_nothing_gives_the_ordinary_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not columns(response.data.decode())


def test_staff_can_open_danish_first_with_the_citizens_language_next_to_it(client):
    html = client.get("/da/guides/log-in/2/?with=ar").data.decode()
    assert '<html lang="da" dir="ltr">' in html
    assert columns(html) == [' lang="ar" dir="rtl"']
    assert 'href="/da/guides/log-in/2/">Show one language only</a>' not in html  # Danish UI
    assert 'href="/da/guides/log-in/2/">Vis kun ét sprog</a>' in html


def test_the_whole_guide_and_the_print_version_pair_every_step(client):
    start = client.get("/uk/guides/log-in/?with=da").data.decode()
    assert "<h1>Увійти</h1>" in start and "<h2>Log på</h2>" in start
    assert start.count('class="pair-also"><span lang="da" dir="ltr">') == 1 + 1 + 2  # time, 1 need, 2 steps
    everything = client.get("/uk/guides/log-in/all/?with=da").data.decode()
    assert everything.count('class="pair-other" lang="da" dir="ltr"') == 1 + 2  # intro and 2 steps
    assert "Gå til siden." in everything and "Åbn appen på din telefon." in everything


def test_unknown_steps_stay_404_with_a_second_language(client):
    assert client.get("/uk/guides/log-in/3/?with=da").status_code == 404
    assert client.get("/uk/guides/nope/?with=da").status_code == 404


def test_a_renamed_guide_keeps_the_second_language_on_the_way(client, guides_dir):
    meta = guides_dir / "log-in" / "guide.toml"
    meta.write_text(meta.read_text().replace("aliases = []", 'aliases = ["old-log-in"]'))
    response = client.get("/uk/guides/old-log-in/2/?with=da")
    assert response.status_code == 301
    assert response.headers["Location"] == "/uk/guides/log-in/2/?with=da"


def test_the_step_text_carries_the_language_it_is_written_in(client):
    """Read-aloud picks its voice from the text's lang attribute, as screen readers do."""
    assert '<article class="step">' in client.get("/uk/guides/log-in/1/").data.decode()
    assert '<article class="step" lang="da">' in client.get("/uk/guides/danish-only/1/").data.decode()


def test_each_column_is_in_its_own_language_labels_included(client):
    html = client.get("/en/guides/log-in/2/?with=da").data.decode()
    english, danish = html.split('class="step pair-other"', 1)
    assert '<p class="callout-label">Warning</p>' in english
    assert '<p class="callout-label">Advarsel</p>' in danish and "Warning" not in danish.split("</article>")[0]
    everything = client.get("/en/guides/log-in/all/?with=da").data.decode()
    assert '<p class="callout-label">Advarsel</p>' in everything
    staff_view = client.get("/da/guides/log-in/2/?with=en").data.decode()
    assert '<p class="callout-label">Warning</p>' in staff_view.split('class="step pair-other"', 1)[1]
