"""The notifications page's choices: saving the ticked topics replaces the stored ones, and the
page can ask what is stored for its own subscription."""
import json

import pytest

from .test_push import ORIGIN, db, stub, subscribe  # noqa: F401  (fixtures)


def body(stub, device, **fields):
    return {"subscription": {"endpoint": stub.endpoint(device), "keys": device.keys()}, "lang": "da", **fields}


def stored(db):
    return [(json.loads(t), json.loads(g), lang)
            for t, g, lang in db.execute("SELECT topics, guides, lang FROM push_subscriptions")]


def lookup(client, endpoint, headers=ORIGIN):
    return client.post("/push/subscriptions/lookup", json={"endpoint": endpoint}, headers=headers)


def test_saving_the_topics_form_replaces_the_topics_and_keeps_followed_guides(client, stub, db):
    device = subscribe(client, stub, "phone", lang="da", topics=("news", "elections"))
    # a guide followed from its start page: adds the guide, keeps the topics
    followed = client.post("/push/subscriptions", json=body(stub, device, topics=[], guides=["mitid-app"]),
                           headers=ORIGIN)
    assert followed.status_code == 201
    assert followed.json == {"topics": ["elections", "news"], "guides": ["mitid-app"], "lang": "da"}
    # the page sends every ticked box: "news" unticked
    saved = client.post("/push/subscriptions", json=body(stub, device, topics=["elections"], replace_topics=True,
                                                         lang="uk"), headers=ORIGIN)
    assert saved.status_code == 201
    assert saved.json == {"topics": ["elections"], "guides": ["mitid-app"], "lang": "uk"}  # what is stored
    assert stored(db) == [(["elections"], ["mitid-app"], "uk")]
    # nothing ticked: the followed guide keeps the subscription
    none = client.post("/push/subscriptions", json=body(stub, device, topics=[], replace_topics=True),
                       headers=ORIGIN)
    assert none.status_code == 201 and none.json["topics"] == [] and none.json["guides"] == ["mitid-app"]
    assert stored(db) == [([], ["mitid-app"], "da")]


def test_without_replace_topics_are_added_as_before(client, stub, db):
    device = subscribe(client, stub, "phone", topics=("news",))
    again = client.post("/push/subscriptions", json=body(stub, device, topics=["elections"]), headers=ORIGIN)
    assert again.status_code == 201 and again.json["topics"] == ["elections", "news"]


def test_unticking_every_topic_with_no_guide_deletes_the_subscription(client, stub, db):
    device = subscribe(client, stub, "phone", topics=("news", "elections"))
    response = client.post("/push/subscriptions", json=body(stub, device, topics=[], replace_topics=True),
                           headers=ORIGIN)
    assert response.status_code == 200
    assert response.json == {"topics": [], "guides": [], "lang": "da", "removed": True}
    assert stored(db) == []
    # the same for an endpoint that was never stored: nothing is kept, nothing is made
    other = stub.device("never")
    response = client.post("/push/subscriptions", json=body(stub, other, topics=[], replace_topics=True),
                           headers=ORIGIN)
    assert response.status_code == 200 and response.json["removed"] is True
    assert stored(db) == []


def test_empty_choice_without_replace_is_still_refused(client, stub, db):
    device = stub.device("phone")
    response = client.post("/push/subscriptions", json=body(stub, device, topics=[]), headers=ORIGIN)
    assert response.status_code == 400 and "at least one" in response.json["error"]
    assert stored(db) == []


def test_replace_topics_must_be_true_or_false(client, stub, db):
    device = stub.device("phone")
    response = client.post("/push/subscriptions", json=body(stub, device, topics=["news"], replace_topics="yes"),
                           headers=ORIGIN)
    assert response.status_code == 400 and "replace_topics" in response.json["error"]
    assert stored(db) == []


def test_lookup_answers_only_for_that_exact_endpoint(client, stub, db):
    mine = subscribe(client, stub, "mine", lang="uk", topics=("news", "mitid-digital-post"), guides=("mitid-app",))
    subscribe(client, stub, "other", lang="ar", topics=("elections",))
    endpoint = stub.endpoint(mine)
    response = lookup(client, endpoint)
    assert response.status_code == 200
    assert response.json == {"topics": ["mitid-digital-post", "news"], "guides": ["mitid-app"], "lang": "uk"}
    assert "endpoint" not in response.json and "p256dh" not in response.json  # nothing it did not ask for
    for near in (endpoint + "x", endpoint[:-1], endpoint.upper(), endpoint + "/", endpoint.replace("mine", "%")):
        missing = lookup(client, near)
        assert missing.status_code == 404 and missing.json == {"error": "no such subscription"}, near


@pytest.mark.parametrize("payload", [
    None, "not json", [], {}, {"endpoint": 5}, {"endpoint": ""}, {"endpoint": ["https://fcm.googleapis.com/x"]},
    {"endpoint": "https://fcm.googleapis.com/" + "x" * 1100},
])
def test_lookup_refuses_a_malformed_body(client, payload):
    if payload is None:
        response = client.post("/push/subscriptions/lookup", headers=ORIGIN)
    elif isinstance(payload, str):
        response = client.post("/push/subscriptions/lookup", data=payload,
                               headers={**ORIGIN, "Content-Type": "application/json"})
    else:
        response = client.post("/push/subscriptions/lookup", json=payload, headers=ORIGIN)
    assert response.status_code == 400 and "endpoint" in response.json["error"]


def test_lookup_is_for_this_sites_pages_only(client, stub, db):
    endpoint = stub.endpoint(subscribe(client, stub, "mine"))
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {},
                    {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
                    {"Referer": "http://localhost/da/notifications/"}):
        response = lookup(client, endpoint, headers)
        assert response.status_code == 403 and "topics" not in response.json, headers
    assert client.get("/push/subscriptions/lookup").status_code == 405  # never in an address
