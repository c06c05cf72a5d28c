// Opt-in notifications. Nothing is asked until the visitor clicks; off in kiosk mode.
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
  function api(method, body) {
    return fetch("/push/subscriptions", { method: method, headers: { "Content-Type": "application/json" },
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

  function topics(form) {
    var ios = /iPhone|iPad|iPod/.test(navigator.userAgent) && !window.matchMedia("(display-mode: standalone)").matches;
    document.querySelector("[data-push-ios]").hidden = !ios;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = Array.prototype.map.call(form.querySelectorAll("input[name=topic]:checked"), function (i) { return i.value; });
      if (!chosen.length) return;
      subscription(true).then(function (sub) {
        return api("POST", { subscription: sub.toJSON(), topics: chosen, guides: [], lang: form.getAttribute("data-lang") });
      }).then(function () { say(form, "saved"); }, failed(form));
    });
    form.querySelector("[data-push-action=unsubscribe]").addEventListener("click", function () {
      subscription(false).then(function (sub) {
        if (!sub) return null;
        return api("DELETE", { endpoint: sub.endpoint }).then(function () { return sub.unsubscribe(); });
      }).then(function () { remember([]); say(form, "removed"); }, failed(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!supported) return;
    var unsupported = document.querySelector("[data-push-unsupported]");
    if (unsupported) unsupported.hidden = true;
    Array.prototype.forEach.call(document.querySelectorAll("[data-push-follow]"), follow);
    var form = document.querySelector("[data-push-topics]");
    if (form) topics(form);
  });
})();
