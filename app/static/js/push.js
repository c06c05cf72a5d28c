// Opt-in notifications. Nothing is asked until the visitor clicks; off in kiosk mode.
// The follow box on a guide's start page; the notifications page adds app/push/static/notifications.js.
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.hasAttribute("data-kiosk")) return;
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  var KEY = "trinvis.push.guides";

  function followed() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function remember(list) { try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode */ } }
  function b64(s) {
    var pad = "=".repeat((4 - s.length % 4) % 4), raw = atob((s + pad).replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function api(method, body, path) {
    return fetch("/push/subscriptions" + (path || ""), { method: method, headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body), credentials: "omit" }).then(function (r) {
      if (!r.ok && r.status !== 404) throw new Error("push " + r.status);
      return r;
    });
  }
  function subscription(create) {
    // The permission prompt comes only from a click, and before anything else happens.
    var asked = create ? Notification.requestPermission() : Promise.resolve(Notification.permission);
    return asked.then(function (answer) {
      if (create && answer !== "granted") throw new Error("denied");
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (sub) {
        if (sub || !create) return sub;
        return fetch("/push/vapid-public-key").then(function (r) { return r.json(); }).then(function (k) {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64(k.publicKey) });
        });
      });
    });
  }
  function say(box, name) { box.querySelector("[data-push-status]").textContent = box.getAttribute("data-msg-" + name); }
  function failed(box) { return function (e) { say(box, e && e.message === "denied" ? "denied" : "error"); }; }

  function follow(box) {
    var slug = box.getAttribute("data-push-follow"), on = box.querySelector("[data-push-action=follow]"),
      off = box.querySelector("[data-push-action=unfollow]");
    function show(active) { on.hidden = active; off.hidden = !active; }
    show(followed().indexOf(slug) >= 0);
    box.hidden = false;
    on.addEventListener("click", function () {
      subscription(true).then(function (sub) {
        return api("POST", { subscription: sub.toJSON(), topics: [], guides: [slug], lang: box.getAttribute("data-lang") });
      }).then(function () { remember(followed().concat([slug])); show(true); say(box, "on"); }, failed(box));
    });
    off.addEventListener("click", function () {
      subscription(false).then(function (sub) {
        return sub && api("DELETE", { endpoint: sub.endpoint, guide: slug });
      }).then(function () {
        remember(followed().filter(function (s) { return s !== slug; })); show(false); say(box, "off");
      }, failed(box));
    });
  }

  // the notifications page (its own script) uses the same steps
  window.trinvisPush = { supported: supported, subscription: subscription, api: api, say: say, failed: failed,
    remember: remember };
  document.addEventListener("DOMContentLoaded", function () {
    if (supported) Array.prototype.forEach.call(document.querySelectorAll("[data-push-follow]"), follow);
  });
})();
