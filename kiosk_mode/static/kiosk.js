// Kiosk mode on an enrolled tablet: the wipe between citizens, history that cannot lead back
// into an ended visit, the idle reset, links, the languages shown, the heartbeat. Loaded in
// <head>, not deferred, only on an enrolled tablet, so a page of an ended visit is sent home
// before it is drawn; kiosk-panel.js adds the volunteer panel.
(function () {
  "use strict";
  var root = document.documentElement;
  root.setAttribute("data-kiosk", ""); // before push.js and offline.js look for it
  // kiosk-baseline survives every wipe: the enrolment-time list of caches, the languages shown,
  // the PIN lock (kiosk-panel.js) and an end of visit the server has not heard of yet
  var BASELINE_CACHE = "kiosk-baseline", BASELINE_URL = "/kiosk/baseline.json", LANGS_URL = "/kiosk/languages.json";
  var END_URL = "/kiosk/end-pending.json", VISIT = "trinvis.kiosk-visit";
  var WARNING_SECONDS = 30, HEARTBEAT_MS = 5 * 60 * 1000;

  // --- History. A visit adds no history entries (same-origin links and forms replace the page),
  // and each page stamps its entry with the visit (an id in sessionStorage, which the wipe
  // clears). A page reached by Back or Forward, or restored from the back/forward cache, that is
  // not stamped with the visit going on now goes to the kiosk home before it is shown.
  var homePage = location.pathname.indexOf("/kiosk/") === 0; // nothing of a citizen on these
  function visit(start) {
    try {
      var id = sessionStorage.getItem(VISIT);
      if (!id && start) sessionStorage.setItem(VISIT, id = Date.now().toString(36) + Math.random().toString(36).slice(2));
      return id;
    } catch (e) { return null; } // no storage: every return by history goes home
  }
  function ended() {
    var stamp = history.state && history.state.kioskVisit;
    return !homePage && !(stamp && stamp === visit(false));
  }
  function goHome() {
    root.style.visibility = "hidden";
    location.replace("/kiosk/?lang=" + encodeURIComponent(root.lang));
  }
  var arrival = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (arrival && arrival.type === "back_forward" && ended()) return goHome();
  if (!homePage && visit(true)) history.replaceState(Object.assign({}, history.state, {kioskVisit: visit(false)}), "");
  addEventListener("pagehide", function (e) { if (e.persisted && !homePage) root.style.visibility = "hidden"; });
  addEventListener("pageshow", function (e) {
    if (e.persisted) { if (ended()) goHome(); else root.style.visibility = ""; }
  });

  function $(id) { return document.getElementById(id); }
  function settle(promise) { return Promise.resolve(promise).catch(function () { return null; }); }
  function within(ms, promise) {
    return Promise.race([settle(promise), new Promise(function (done) { setTimeout(done, ms); })]);
  }
  // a small JSON value kept in kiosk-baseline (null: forget it); null when there is none
  function kept(url) {
    return settle(window.caches && caches.open(BASELINE_CACHE).then(function (c) { return c.match(url); })
      .then(function (r) { return r ? r.json() : null; }));
  }
  function keep(url, value) {
    return settle(window.caches && caches.open(BASELINE_CACHE).then(function (c) {
      return value === null ? c.delete(url)
        : c.put(url, new Response(JSON.stringify(value), {headers: {"Content-Type": "application/json"}}));
    }));
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
    var offline = settle(keepOfflinePages());
    if (!(navigator.serviceWorker && navigator.serviceWorker.controller)) return offline;
    var urls = ["/kiosk/"];
    (bar.getAttribute("data-all-langs") || "").split(",").filter(Boolean).forEach(function (l) {
      urls.push("/kiosk/?lang=" + l, "/kiosk/?ended=1&lang=" + l);
    });
    return Promise.all([offline].concat(urls.map(function (url) { return settle(fetch(url, {credentials: "same-origin"})); })));
  }
  // The offline page (shown for any page not kept) as this tablet draws it, with the bar and the
  // idle reset: the worker may have stored it before the tablet was enrolled. With a query the
  // worker lets the request through to the server.
  function keepOfflinePages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return family(n) === "trinvis-shell-"; }).map(function (name) {
        return caches.open(name).then(function (c) {
          return c.keys().then(function (requests) {
            return Promise.all(requests.filter(function (r) { return /^\/\w+\/offline\/$/.test(new URL(r.url).pathname); })
              .map(function (r) {
                return fetch(r.url + "?kiosk", {credentials: "same-origin"}).then(function (answer) {
                  return answer.ok && !answer.redirected ? c.put(r, answer) : null;
                });
              }));
          });
        });
      }));
    });
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

  // The server expires the cookies a page cannot reach (HttpOnly). Without an answer (offline, a
  // wifi without internet) the end is kept and told to the server from the next page online.
  function tellServer() {
    return fetch("/kiosk/end", {method: "POST", credentials: "same-origin"}).then(function (r) { return r.status < 500; });
  }
  function endPending() { // (not from the page that is ending a visit: its own end is kept as it leaves)
    if (navigator.onLine && !ending) kept(END_URL).then(function (pending) {
      return pending && !ending && within(5000, tellServer()).then(function (told) { return told && keep(END_URL, null); });
    });
  }

  var ending = false;
  // `next`: where to go once everything is gone (the kiosk home saying so, unless given)
  function endSession(next) {
    if (ending) return;
    ending = true;
    var server = within(3000, navigator.onLine && tellServer()).then(function (told) {
      return keep(END_URL, told ? null : {at: Date.now()});
    });
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

  // Same-origin links and forms replace the page instead of adding a history entry. A POST (the
  // feedback form) is sent from here for the same reason: at once, or not at all when it cannot
  // reach the server; it is never kept on the device.
  var resubmitting = null;
  function dropped(form) {  // say so: the answer is gone, not waiting somewhere on the tablet
    form.reset();
    var note = form.querySelector("[data-kiosk-dropped]") || form.insertBefore(document.createElement("p"), form.firstChild);
    note.setAttribute("data-kiosk-dropped", "");
    note.setAttribute("role", "alert");
    note.textContent = bar.getAttribute("data-dropped");
  }
  function sameOrigin(url) {
    try { return new URL(url, location.href).origin === location.origin; } catch (e) { return false; }
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button || a.hasAttribute("download") || !sameOrigin(a.getAttribute("href"))) return;
    e.preventDefault();
    if (!ending) location.replace(new URL(a.getAttribute("href"), location.href).href);
  });
  document.addEventListener("submit", function (e) {
    var form = e.target, url = new URL(form.action, location.href), post = form.method === "post";
    if (e.defaultPrevented || form === resubmitting || url.origin !== location.origin || form.method === "dialog" ||
      (post && form.enctype !== "application/x-www-form-urlencoded")) return;
    e.preventDefault();
    var fields = new FormData(form), submitter = e.submitter;
    if (submitter && submitter.name) fields.append(submitter.name, submitter.value);
    if (ending) return;
    if (!post) { url.search = new URLSearchParams(fields); return location.replace(url.href); }
    if (!navigator.onLine) return dropped(form);
    fetch(url.href, {method: "POST", body: new URLSearchParams(fields), credentials: "same-origin"}).then(function (r) {
      if (r.ok && r.redirected && sameOrigin(r.url)) return location.replace(r.url);
      resubmitting = form; // the server's own answer (a problem with the form), as without this script
      form.requestSubmit(submitter);
    }, function () { dropped(form); });
  });

  // --- Languages shown: the volunteer's choice, kept on the device (kiosk-baseline) because a
  // page may be a copy saved before the choice; the server's answer wins whenever it is reachable.
  function keepLanguages(list) { return keep(LANGS_URL, list); }
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
    kept(LANGS_URL).then(function (chosen) {
      showLanguages(chosen || fromPage);
      if (location.pathname !== "/kiosk/" || !navigator.onLine) return;
      fetch("/kiosk/settings.json", {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (settings) {
          if (!settings || (chosen && chosen.join() === settings.languages.join())) return;
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
    endPending();
    addEventListener("online", endPending);
  }

  // for kiosk-panel.js (the volunteer panel) and kiosk-setup.js
  window.trinvisKiosk = {endSession: endSession, recordBaseline: recordBaseline, settle: settle, within: within,
    kept: kept, keep: keep, keepLanguages: keepLanguages, showLanguages: showLanguages};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
