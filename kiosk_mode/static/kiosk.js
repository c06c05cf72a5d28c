// Kiosk mode on an enrolled tablet: the wipe between citizens, the idle reset, links, the
// languages shown, the heartbeat. Loaded (not deferred) only where the kiosk bar is rendered;
// kiosk-panel.js adds the volunteer panel.
(function () {
  "use strict";
  var root = document.documentElement;
  root.setAttribute("data-kiosk", ""); // before push.js and offline.js look for it
  // kiosk-baseline survives every wipe: the enrolment-time list of caches, and the languages shown
  var BASELINE_CACHE = "kiosk-baseline", BASELINE_URL = "/kiosk/baseline.json", LANGS_URL = "/kiosk/languages.json";
  var WARNING_SECONDS = 30, HEARTBEAT_MS = 5 * 60 * 1000;

  function $(id) { return document.getElementById(id); }
  function settle(promise) { return Promise.resolve(promise).catch(function () { return null; }); }
  function within(ms, promise) {
    return Promise.race([settle(promise), new Promise(function (done) { setTimeout(done, ms); })]);
  }

  // --- Cache Storage: what was there right after enrolment stays, everything else goes.
  function snapshot() {
    if (!window.caches) return Promise.resolve({});
    return caches.keys().then(function (names) {
      names = names.filter(function (n) { return n !== BASELINE_CACHE; });
      return Promise.all(names.map(function (name) {
        return caches.open(name).then(function (c) { return c.keys(); }).then(function (requests) {
          return [name, requests.map(function (r) { return r.url; })];
        });
      })).then(function (pairs) {
        var out = {};
        pairs.forEach(function (p) { out[p[0]] = p[1]; });
        return out;
      });
    });
  }
  function recordBaseline() {
    if (!window.caches) return Promise.resolve();
    return snapshot().then(function (state) {
      return caches.open(BASELINE_CACHE).then(function (c) {
        return c.put(BASELINE_URL, new Response(JSON.stringify(state), {headers: {"Content-Type": "application/json"}}));
      });
    });
  }
  function baseline() {
    return caches.open(BASELINE_CACHE).then(function (c) { return c.match(BASELINE_URL); })
      .then(function (r) { return r ? r.json() : {}; });
  }
  // A newer service worker renames its caches (trinvis-pages-<version>) and carries the kept
  // pages over, so a cache the baseline does not name is judged by its family and addresses;
  // static files by path, since their ?v= changes with every deploy.
  function family(name) { var m = /^trinvis-(shell|pages)-/.exec(name); return m ? m[0] : name; }
  function address(url) {
    var u = new URL(url, location.href);
    return /^\/(static|media|kiosk\/static)\//.test(u.pathname) ? u.origin + u.pathname : u.href;
  }
  function restoreCaches() {
    if (!window.caches) return Promise.resolve();
    return baseline().then(function (kept) {
      var allowed = {};
      Object.keys(kept).forEach(function (name) {
        [name, family(name)].forEach(function (key) {
          allowed[key] = allowed[key] || {};
          kept[name].forEach(function (u) { allowed[key][address(u)] = true; });
        });
      });
      return caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) {
          if (name === BASELINE_CACHE) return null;
          // a newer worker's precache: written when it installed, never by a visit
          if (!kept[name] && family(name) === "trinvis-shell-") return null;
          var ok = kept[name] ? allowed[name] : allowed[family(name)];
          if (!ok) return caches.delete(name);
          return caches.open(name).then(function (c) {
            return c.keys().then(function (requests) {
              var left = requests.filter(function (r) { return ok[address(r.url)]; });
              // a cache the baseline does not name and that holds nothing of it goes altogether
              if (!kept[name] && !left.length) return caches.delete(name);
              return Promise.all(requests.map(function (r) { return ok[address(r.url)] ? null : c.delete(r); }));
            });
          });
        }));
      });
    });
  }

  // The kiosk home in every allowed language, as it is and as it looks after a visit ends: the
  // service worker keeps them (fetched from here, not from the set-up page, which it leaves alone).
  function keepKioskPages() {
    if (!(navigator.serviceWorker && navigator.serviceWorker.controller)) return Promise.resolve();
    var urls = ["/kiosk/"];
    (bar.getAttribute("data-all-langs") || "").split(",").filter(Boolean).forEach(function (l) {
      urls.push("/kiosk/?lang=" + l, "/kiosk/?ended=1&lang=" + l);
    });
    return Promise.all(urls.map(function (url) { return settle(fetch(url, {credentials: "same-origin"})); }));
  }

  function clearCookies() {
    var parts = location.pathname.split("/"), paths = ["/"];
    for (var i = 1; i < parts.length; i++) paths.push(parts.slice(0, i + 1).join("/"), parts.slice(0, i + 1).join("/") + "/");
    document.cookie.split(";").forEach(function (pair) {
      var name = pair.split("=")[0].trim();
      if (!name || name === "trinvis_kiosk") return;
      paths.forEach(function (p) {
        document.cookie = name + "=; Max-Age=0; Path=" + p;
        document.cookie = name + "=; Max-Age=0; Path=" + p + "; Domain=" + location.hostname;
      });
    });
  }
  function clearDatabases() {
    if (!window.indexedDB || !indexedDB.databases) return Promise.resolve();
    return indexedDB.databases().then(function (list) {
      return Promise.all(list.map(function (db) {
        return new Promise(function (done) {
          var req = indexedDB.deleteDatabase(db.name);
          req.onsuccess = req.onerror = req.onblocked = done; // blocked: finishes as this page unloads
        });
      }));
    });
  }

  var ending = false;
  // `next`: where to go once everything is gone (the kiosk home saying so, unless given)
  function endSession(next) {
    if (ending) return;
    ending = true;
    var server = navigator.onLine ? within(3000, fetch("/kiosk/end", {method: "POST", credentials: "same-origin"})) : null;
    try { localStorage.clear(); } catch (e) { /* storage off */ }
    try { sessionStorage.clear(); } catch (e) { /* storage off */ }
    clearCookies();
    Promise.all([server, within(5000, clearDatabases()), within(5000, restoreCaches())]).then(function () {
      clearCookies();
      var lang = bar ? bar.getAttribute("data-lang") : "";
      location.replace(typeof next === "string" ? next : "/kiosk/?ended=1" + (lang ? "&lang=" + encodeURIComponent(lang) : ""));
    });
  }

  var bar, idle, countdown, idleMs, lastInput = Date.now(), warningSince = null;
  function input() {
    lastInput = Date.now();
    if (warningSince !== null) return; // only "I'm still here" closes the warning
  }
  function tick() {
    if (ending) return;
    var quiet = Date.now() - lastInput;
    if (warningSince === null && quiet >= idleMs) {
      warningSince = Date.now();
      idle.hidden = false;
      $("kiosk-still-here").focus();
    }
    if (warningSince !== null) {
      var left = WARNING_SECONDS - Math.floor((Date.now() - warningSince) / 1000);
      countdown.textContent = String(Math.max(0, left));
      if (left <= 0) endSession();
    }
  }
  function stillHere() {
    warningSince = null;
    idle.hidden = true;
    lastInput = Date.now();
  }

  // --- Links: only allow-listed official sites open; any other address is shown as text, with a
  // QR code (drawn by the server) to open it on the citizen's own phone.
  function offsite(a, url) {
    var box = document.createElement("span"), text = document.createElement("span");
    box.className = "kiosk-offsite";
    text.textContent = (a.textContent.trim() || url.href) + " – " + url.href + " " + bar.getAttribute("data-own-phone");
    box.appendChild(text);
    if (/^https?:$/.test(url.protocol)) {
      var img = document.createElement("img");
      img.className = "kiosk-qr";
      img.src = "/kiosk/qr.png?url=" + encodeURIComponent(url.href);
      img.alt = bar.getAttribute("data-qr") + ": " + url.href;
      img.width = img.height = 148;
      box.appendChild(img);
    }
    return box;
  }
  function guardLinks() {
    var allowed = (bar.getAttribute("data-allowed") || "").split(/\s+/).filter(Boolean);
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var url;
      try { url = new URL(a.getAttribute("href"), location.href); } catch (e) { return; }
      if (url.origin === location.origin) {
        var first = url.pathname.split("/")[1];
        if (/^\/(staff|push)(\/|$)/.test(url.pathname) && first) a.removeAttribute("href");
        return;
      }
      var host = url.hostname.replace(/^www\./, "");
      var ok = (url.protocol === "https:") && allowed.some(function (h) { return host === h || host.slice(-(h.length + 1)) === "." + h; });
      if (ok) { a.removeAttribute("target"); return; }
      a.parentNode.replaceChild(offsite(a, url), a);
    });
    var brand = document.querySelector(".brand");
    if (brand) brand.setAttribute("href", "/kiosk/?lang=" + encodeURIComponent(bar.getAttribute("data-lang")));
  }

  // --- Languages shown: the volunteer's choice, kept on the device (kiosk-baseline) because a
  // page may be a copy saved before the choice; the server's answer wins whenever it is reachable.
  function keptLanguages() {
    if (!window.caches) return Promise.resolve(null);
    return settle(caches.open(BASELINE_CACHE).then(function (c) { return c.match(LANGS_URL); })
      .then(function (r) { return r ? r.json() : null; }));
  }
  function keepLanguages(list) {
    if (!window.caches) return Promise.resolve();
    return settle(caches.open(BASELINE_CACHE).then(function (c) {
      return c.put(LANGS_URL, new Response(JSON.stringify(list), {headers: {"Content-Type": "application/json"}}));
    }));
  }
  function showLanguages(list) {
    if (!list || !list.length) return;
    Array.prototype.forEach.call(document.querySelectorAll(".langs li, .kiosk-langs li"), function (li) {
      var a = li.querySelector("a[hreflang]");
      if (a) li.hidden = list.indexOf(a.getAttribute("hreflang")) < 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#kiosk-langs-form input[name=lang]"), function (box) {
      box.checked = list.indexOf(box.value) >= 0;
    });
    bar.setAttribute("data-langs", list.join(","));
    if (location.pathname === "/kiosk/" && list.indexOf(root.lang) < 0) {
      location.replace("/kiosk/?lang=" + encodeURIComponent(list[0]) + (/[?&]ended=1/.test(location.search) ? "&ended=1" : ""));
    }
  }
  function languages() {
    var fromPage = (bar.getAttribute("data-langs") || "").split(",").filter(Boolean);
    keptLanguages().then(function (kept) {
      showLanguages(kept || fromPage);
      if (location.pathname !== "/kiosk/" || !navigator.onLine) return;
      fetch("/kiosk/settings.json", {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (settings) {
          if (!settings || (kept && kept.join() === settings.languages.join())) return;
          return keepLanguages(settings.languages).then(function () { showLanguages(settings.languages); });
        }).catch(function () { /* offline after all: the kept choice stands */ });
    });
  }
  function heartbeat() {
    if (!navigator.onLine || ending) return;
    var battery = navigator.getBattery ? settle(navigator.getBattery()) : Promise.resolve(null);
    battery.then(function (b) {
      return fetch("/kiosk/heartbeat", {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({content_version: bar.getAttribute("data-version"), battery: b ? b.level : null})});
    }).catch(function () { /* next beat */ });
  }

  function start() {
    bar = $("kiosk-bar");
    if (!bar) return;
    idle = $("kiosk-idle");
    countdown = $("kiosk-countdown");
    idleMs = (parseInt(bar.getAttribute("data-idle"), 10) || 180) * 1000;
    guardLinks();
    languages();
    if (/[?&](enrolled|refreshed)=1/.test(location.search)) {
      settle(keepKioskPages()).then(recordBaseline).then(function () { bar.setAttribute("data-baseline", "recorded"); });
      if (!(navigator.serviceWorker && navigator.serviceWorker.controller) && $("kiosk-online-only")) $("kiosk-online-only").hidden = false;
    } else bar.setAttribute("data-baseline", "kept");
    $("kiosk-end-form").addEventListener("submit", function (e) { e.preventDefault(); endSession(); });
    $("kiosk-still-here").addEventListener("click", stillHere);
    ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (type) {
      window.addEventListener(type, input, {passive: true, capture: true});
    });
    setInterval(tick, 1000);
    heartbeat();
    setInterval(heartbeat, HEARTBEAT_MS);
    // Feedback is sent at once or not at all: an offline kiosk never queues it on the device.
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!navigator.onLine && /\/feedback\//.test(form.action || "")) { e.preventDefault(); form.reset(); }
    }, true);
  }

  // for kiosk-panel.js (the volunteer panel) and kiosk-setup.js
  window.trinvisKiosk = {endSession: endSession, recordBaseline: recordBaseline, settle: settle, within: within,
    keepLanguages: keepLanguages, showLanguages: showLanguages};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
