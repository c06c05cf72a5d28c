"""Which sites a kiosk opens: the default allow-list, or the deployment's TRINVIS_KIOSK_ALLOWED_HOSTS."""
from __future__ import annotations

import pytest

from app import create_app
from kiosk_mode.mode import ALLOWED_HOSTS, parse_hosts
from tests.kiosk_mode.test_devices import enrolled_client


def make_app(tmp_path, monkeypatch, hosts=None):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    if hosts is None:
        monkeypatch.delenv("TRINVIS_KIOSK_ALLOWED_HOSTS", raising=False)
    else:
        monkeypatch.setenv("TRINVIS_KIOSK_ALLOWED_HOSTS", hosts)
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


def test_the_default_allow_list_is_the_official_sites(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    assert app.config["KIOSK_ALLOWED_HOSTS"] == list(ALLOWED_HOSTS)
    assert {"borger.dk", "mitid.dk", "sundhed.dk", "skat.dk", "e-boks.dk", "mit.dk"} <= set(ALLOWED_HOSTS)


def test_the_environment_setting_replaces_the_list_and_reaches_the_tablet(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, " Borger.dk, www.Aeldresagen.dk ,,kommune.example.org,borger.dk")
    assert app.config["KIOSK_ALLOWED_HOSTS"] == ["borger.dk", "aeldresagen.dk", "kommune.example.org"]
    client = app.test_client()
    enrolled_client(app, client, app.test_cli_runner())
    html = client.get("/da/guides/").get_data(as_text=True)
    assert 'data-allowed="borger.dk aeldresagen.dk kommune.example.org"' in html


@pytest.mark.parametrize("bad", ["https://borger.dk", "borger.dk/side", "borger dk", "localhost", "*.borger.dk"])
def test_a_setting_that_is_not_a_list_of_hosts_stops_the_app_with_a_plain_reason(tmp_path, monkeypatch, bad):
    with pytest.raises(ValueError, match="is not a host name such as borger.dk"):
        make_app(tmp_path, monkeypatch, "mitid.dk," + bad)


def test_parse_hosts_takes_a_list_too():
    assert parse_hosts(["WWW.skat.dk", "skat.dk", " e-boks.dk "]) == ["skat.dk", "e-boks.dk"]
    assert parse_hosts(" , ") == []  # nothing allowed: every other site becomes text and a QR code
