// Trinvis offline use on every page: registers the service worker, offers a new version, and
// holds a feedback answer that cannot reach the server (offline, or a wifi without internet)
// until it can, instead of losing it to a browser error page (never on a kiosk tablet, which
// must forget). Pages work without this file; every string it shows comes from data-
// attributes in the page's own language. offline-keep.js adds the keep buttons.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, sw = navigator.serviceWorker;
  var QUEUE = "trinvis.feedback-queue", WEEK = 7 * 864e5;
  var bar, styled, sending, reloading = false, lastInput = Date.now();

  function data(el, name) { return el.getAttribute("data-" + name) || ""; }
  function kiosk() { return root.hasAttribute("data-kiosk"); }

  // Our stylesheet is fetched only when there is something of ours to show.
  function css() {
    return styled || (styled = new Promise(function (done) {
      var link = doc.createElement("link");
      link.rel = "stylesheet";
      link.href = data(bar, "css");
      link.onload = link.onerror = done;
      doc.head.appendChild(link);
    }));
  }

  function say(message, action) {
    return css().then(function () {
      var p = doc.createElement("p");
      p.textContent = message;
      bar.textContent = "";
      bar.appendChild(p);
      if (action) bar.appendChild(action);
    });
  }

  // --- a new version: a prompt, or a quiet reload when nobody is using the page ---
  function busy() {
    var fields = doc.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].type !== "hidden" && fields[i].value !== fields[i].defaultValue) return true;
    }
    return Date.now() - lastInput < 12e4;
  }

  function activate(worker) {
    reloading = true;
    worker.postMessage({type: "skip-waiting"});
  }

  function offerUpdate(worker) {
    var button = doc.createElement("button");
    button.type = "button";
    button.textContent = data(bar, "reload");
    button.addEventListener("click", function () { activate(worker); });
    say(data(bar, "update"), button);
    function quietly() {
      if (!reloading && (doc.visibilityState === "hidden" || !busy())) activate(worker);
    }
    doc.addEventListener("visibilitychange", quietly);
    setInterval(quietly, 3e4);
  }

  function register() {
    sw.register("/sw.js").then(function (registration) {
      if (registration.waiting && sw.controller) offerUpdate(registration.waiting);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && sw.controller) offerUpdate(worker);
        });
      });
      setInterval(function () { registration.update().catch(function () {}); }, 36e5);
      // a page that loaded while the worker took over missed its claim: ask again
      return sw.ready.then(function (r) { if (!sw.controller) r.active.postMessage({type: "claim"}); });
    }).catch(function () { /* no worker: the site still works online */ });
  }

  // --- feedback that cannot be sent waits on the device ---
  function queue(items) {
    try {
      if (items) localStorage.setItem(QUEUE, JSON.stringify(items));
      return JSON.parse(localStorage.getItem(QUEUE) || "[]");
    } catch (e) { return []; }
  }

  function post(item, redirect) {
    return fetch(item.url, {method: "POST", body: item.body, credentials: "same-origin", redirect: redirect,
      headers: {"Content-Type": "application/x-www-form-urlencoded"}});
  }

  function hold(event) {
    var form = event.target, submitter = event.submitter, url = new URL(form.action, location.href);
    if (kiosk() || form.method !== "post" || url.origin !== location.origin ||
      !/^\/feedback\/|\/feedback$/.test(url.pathname)) return;
    event.preventDefault();
    if (form === sending) return;
    sending = form;
    var fields = new FormData(form);
    if (submitter && submitter.name) fields.append(submitter.name, submitter.value);
    var item = {url: form.action, body: new URLSearchParams(fields) + "", at: Date.now()};
    post(item).then(function (r) {
      if (r.ok && r.redirected) return location.assign(r.url); // the thanks page
      // the server's own answer (a problem with the form, too many answers), as without this script
      doc.removeEventListener("submit", hold);
      if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
    }, function () {
      queue(queue().concat([item]));
      var note = doc.createElement("p");
      note.className = "offline-note";
      note.setAttribute("role", "status");
      form.after(note);
      form.hidden = true;
      css().then(function () { note.textContent = data(bar, "queued"); });
    });
  }

  function send() {
    var items = queue();
    if (!items.length || !navigator.onLine) return;
    if (kiosk()) { queue([]); return; }
    queue([]); // taken out first, so a second tab does not send them twice
    Promise.all(items.map(function (item) {
      if (Date.now() - item.at > WEEK) return null;
      return post(item, "manual").then(function (r) { return r.status >= 500 ? item : null; }, function () { return item; });
    })).then(function (left) {
      left = left.filter(Boolean);
      if (left.length) queue(queue().concat(left));
      if (left.length < items.length) {
        say(data(bar, "sent")).then(function () { setTimeout(function () { bar.textContent = ""; }, 1e4); });
      }
    });
  }

  function start() {
    bar = doc.querySelector("[data-offline-bar]");
    if (!bar) return;
    ["pointerdown", "keydown", "scroll", "input"].forEach(function (type) {
      addEventListener(type, function () { lastInput = Date.now(); }, {passive: true, capture: true});
    });
    doc.addEventListener("submit", hold);
    addEventListener("online", send);
    send();
    setInterval(send, 6e4); // a wifi without internet never says "online" when it gets better
    if (!sw || !window.caches) return;
    sw.addEventListener("controllerchange", function () { if (reloading) location.reload(); });
    if (doc.readyState === "complete") register(); else addEventListener("load", register);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
