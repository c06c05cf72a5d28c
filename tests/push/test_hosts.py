"""Which push services endpoints may point at: the default list, or the deployment's TRINVIS_PUSH_HOSTS."""
import re

import pytest

from app import create_app
from app.push.subscriptions import PUSH_HOSTS, parse_hosts

from .stub import Device
from .test_push import ORIGIN


def make_app(tmp_path, monkeypatch, hosts=None):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("TRINVIS_PUSH_ALLOW_LOOPBACK", raising=False)
    if hosts is None:
        monkeypatch.delenv("TRINVIS_PUSH_HOSTS", raising=False)
    else:
        monkeypatch.setenv("TRINVIS_PUSH_HOSTS", hosts)
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


def subscribe(app, endpoint):
    body = {"subscription": {"endpoint": endpoint, "keys": Device("/x").keys()}, "topics": ["news"], "lang": "da"}
    return app.test_client().post("/push/subscriptions", json=body, headers=ORIGIN)


def test_the_default_is_the_browsers_push_services(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    assert app.config["PUSH_HOSTS"] == list(PUSH_HOSTS)
    assert subscribe(app, "https://fcm.googleapis.com/fcm/send/x").status_code == 201
    assert subscribe(app, "https://api.push.apple.com/3/device/x").status_code == 201  # a subdomain of .push.apple.com


def test_the_setting_replaces_the_list(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, " Push.Example.org, .push.apple.com,,push.example.org")
    assert app.config["PUSH_HOSTS"] == ["push.example.org", ".push.apple.com"]
    assert subscribe(app, "https://push.example.org/send/x").status_code == 201
    assert subscribe(app, "https://eu.push.apple.com/x").status_code == 201
    assert subscribe(app, "https://other.push.example.org/x").status_code == 400  # no leading dot: that host only
    refused = subscribe(app, "https://fcm.googleapis.com/fcm/send/y")  # a default left out of the setting
    assert refused.status_code == 400 and "'fcm.googleapis.com' is not a known push service" in refused.json["error"]
    assert subscribe(app, "https://127.0.0.1/x").status_code == 400  # addresses stay refused whatever the list


@pytest.mark.parametrize("bad", ["https://push.example.org", "push.example.org/send", "push example.org",
                                 "localhost", "*.push.apple.com", ".com", "10.0.0.5", "push.example.org:8443"])
def test_a_setting_that_is_not_a_list_of_hosts_stops_the_app_with_the_reason(tmp_path, monkeypatch, bad):
    with pytest.raises(ValueError, match=re.escape(f"TRINVIS_PUSH_HOSTS: {bad!r} is not a host name such as")):
        make_app(tmp_path, monkeypatch, "fcm.googleapis.com," + bad)


def test_a_setting_with_no_host_stops_the_app(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="names no push service"):
        make_app(tmp_path, monkeypatch, " , ")


def test_parse_hosts_takes_a_list_too():
    assert parse_hosts(["FCM.googleapis.com", ".Notify.windows.com "]) == ["fcm.googleapis.com", ".notify.windows.com"]
