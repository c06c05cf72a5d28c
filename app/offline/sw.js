// Trinvis service worker. Precaches the shell, keeps the guide pages a visitor opens or chooses
// to keep, serves them without a network, and stores nothing but public GET responses: never
// staff pages, kiosk administration, POST answers or anything marked no-store or private.
// CONFIG (version, languages, shell) is written above this line by the server.
"use strict";
var SHELL = "trinvis-shell-" + CONFIG.version;
var PAGES = "trinvis-pages-" + CONFIG.version;
// what the visitor chose to keep; outlives versions
var META = "trinvis-meta";
var KEPT = "/offline/kept";
var PAGE = new RegExp("^/(" + CONFIG.langs.join("|") + ")/");
// staff pages, kiosk administration (enrolment, set-up, PIN, heartbeat, end: all of /kiosk/ but
// the kiosk home and its static files), feedback and push endpoints
var NEVER = /(^|\/)(staff|feedback|push|api)(\/|$)|^\/kiosk\/(?!static\/|$)/;
var FILES = /^\/(static|media|kiosk\/static)\//;
var LOADS = /<(?:img|script|source)\b[^>]*\ssrc="(\/[^"]+)"|<link\b[^>]*\srel="(?:stylesheet|icon|apple-touch-icon)"[^>]*\shref="(\/[^"]+)"/g;

function kind(url) {
  if (url.origin !== location.origin || NEVER.test(url.pathname)) return "";
  if (FILES.test(url.pathname)) return "file";
  // the kiosk home of an enrolled tablet, one page per query (?lang=ar, ?ended=1&lang=ar)
  if (url.pathname === "/kiosk/") return "page";
  if (PAGE.test(url.pathname)) return /\.json$/.test(url.pathname) ? "list" : url.search ? "" : "page";
  return "";
}

function storable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected &&
    !/no-store|private/.test(response.headers.get("Cache-Control") || "");
}

function put(name, url, response) {
  return storable(response) ? caches.open(name).then(function (c) { return c.put(url, response); }) : Promise.resolve();
}

function unescape(url) { return url.replace(/&amp;/g, "&"); }

// Fetch a page into the pages cache, then the images, scripts and styles it loads.
function store(url, old) {
  return fetch(url, {credentials: "same-origin"}).then(function (response) {
    if (!storable(response)) throw new Error(url);
    return response.clone().text().then(function (html) {
      return put(PAGES, url, response).then(function () { return files(html, PAGES); });
    });
  }).catch(function (error) {
    if (old) return caches.open(PAGES).then(function (c) { return c.put(url, old); });
    throw error;
  });
}

// Only this version's caches count: an old one is deleted when this version takes over.
function held(url) {
  return caches.open(SHELL).then(function (c) { return c.match(url); }).then(function (hit) {
    return hit || caches.open(PAGES).then(function (c) { return c.match(url); });
  });
}

function files(html, name) {
  var urls = [], match;
  LOADS.lastIndex = 0;
  while ((match = LOADS.exec(html))) urls.push(unescape(match[1] || match[2]));
  return Promise.all(urls.map(function (url) {
    return held(url).then(function (hit) {
      return hit || fetch(url).then(function (r) { return put(name, url, r); });
    });
  }));
}

// Run tasks a few at a time so a slow connection is not flooded.
function each(items, task, progress) {
  var next = 0, done = 0, failed = 0;
  function worker() {
    if (next >= items.length) return Promise.resolve();
    var item = items[next++];
    return task(item).catch(function () { failed++; }).then(function () {
      done++;
      if (progress) progress(done, items.length);
      return worker();
    });
  }
  return Promise.all([worker(), worker(), worker()]).then(function () { return failed; });
}

function kept() {
  return caches.open(META).then(function (c) { return c.match(KEPT); })
    .then(function (r) { return r ? r.json() : []; }).catch(function () { return []; });
}

function remember(key) {
  return kept().then(function (list) {
    if (list.indexOf(key) < 0) list.push(key);
    return caches.open(META).then(function (c) {
      return c.put(KEPT, new Response(JSON.stringify(list), {headers: {"Content-Type": "application/json"}}));
    });
  });
}

// The pages a "keep" covers: "da" is every guide in Danish, "da/mitid-app" one guide.
function pagesFor(key) {
  var lang = key.split("/")[0], slug = key.split("/")[1];
  return fetch("/" + lang + "/offline/guides.json").then(function (r) { return r.json(); }).then(function (list) {
    var guides = list.guides.filter(function (g) { return !slug || g.slug === slug; });
    var pages = slug ? [] : list.pages;
    guides.forEach(function (g) { pages = pages.concat(g.pages); });
    return pages;
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(CONFIG.shell).then(function () {
      // whatever else the offline pages load (another part's stylesheet, say)
      return Promise.all(CONFIG.langs.map(function (lang) {
        return cache.match(offlinePage(lang)).then(function (r) { return r.text(); })
          .then(function (html) { return files(html, SHELL); });
      }));
    });
  }).then(carryOver));
});

// A new version refreshes every page the old one held, so kept guides stay kept and current.
function carryOver() {
  return caches.keys().then(function (names) {
    var old = names.filter(function (n) { return n.indexOf("trinvis-pages-") === 0 && n !== PAGES; });
    return Promise.all(old.map(function (name) {
      return caches.open(name).then(function (c) {
        return c.keys().then(function (requests) {
          return Promise.all(requests.map(function (r) {
            return c.match(r).then(function (response) { return {url: r.url, response: response}; });
          }));
        });
      });
    })).then(function (lists) {
      var entries = [].concat.apply([], lists).filter(function (e) { return kind(new URL(e.url)) === "page"; });
      return kept().then(function (keys) {
        return Promise.all(keys.map(function (key) { return pagesFor(key).catch(function () { return []; }); }));
      }).then(function (wanted) {
        var urls = {};
        entries.forEach(function (e) { urls[new URL(e.url).pathname] = e.response; });
        [].concat.apply([], wanted).forEach(function (url) { if (!(url in urls)) urls[url] = null; });
        return each(Object.keys(urls), function (url) { return store(url, urls[url]); });
      });
    });
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("trinvis-") === 0 && n !== SHELL && n !== PAGES && n !== META;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    // the page a visitor landed on loaded before there was a worker to store it
    return self.clients.matchAll({type: "window"});
  }).then(function (open) {
    return each(open.map(function (client) { return new URL(client.url); }), function (url) {
      url.hash = "";
      return kind(url) !== "page" ? Promise.resolve() : held(url.href).then(function (hit) { return hit || store(url.href); });
    });
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {}, port = event.ports[0];
  if (data.type === "skip-waiting") self.skipWaiting();
  if (data.type === "claim") event.waitUntil(self.clients.claim());
  if (data.type === "keep" && port) {
    event.waitUntil(remember(data.key).then(function () { return pagesFor(data.key); }).then(function (urls) {
      return each(urls, function (url) { return store(url); }, function (done, total) {
        port.postMessage({type: "progress", done: done, total: total});
      });
    }).then(function (failed) {
      port.postMessage({type: "done", failed: failed});
    }, function () {
      port.postMessage({type: "done", failed: -1});
    }));
  }
});

function languageOf(url) {
  var match = PAGE.exec(url.pathname);
  if (match) return match[1];
  var wanted = (self.navigator.languages || []).map(function (l) { return l.slice(0, 2).toLowerCase(); });
  return wanted.filter(function (l) { return CONFIG.langs.indexOf(l) >= 0; })[0] || CONFIG.langs[0];
}

function offlinePage(lang) { return "/" + lang + "/offline/"; }

function offline(url) {
  return caches.match(offlinePage(languageOf(url))).then(function (r) { return r || Response.error(); });
}

// A page: from the cache at once when it is there (and refreshed behind the scenes once it is
// on screen), else from the network, else the offline page in the page's language.
function page(event, url) {
  var done;
  event.waitUntil(new Promise(function (resolve) { done = resolve; }));
  function fresh(request) {
    return fetch(request).then(function (response) {
      return put(PAGES, url.href, response.clone()).then(function () { return response; });
    });
  }
  return caches.match(url.href, {ignoreVary: true}).then(function (hit) {
    if (hit) {
      setTimeout(function () { fresh(url.href).then(done, done); }, 1000);
      return hit;
    }
    var answer = fresh(event.request);
    answer.then(done, done);
    return answer.catch(function () { return offline(url); });
  });
}

function file(request, url) {
  return caches.match(request, {ignoreVary: true}).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      return put(PAGES, url.href, response.clone()).then(function () { return response; });
    }).catch(function () {
      // an older copy of the same file (another ?v=) beats a broken page
      return caches.match(url.pathname, {ignoreSearch: true}).then(function (r) { return r || Response.error(); });
    });
  });
}

function list(request) {
  return fetch(request).then(function (response) {
    return put(PAGES, request.url, response.clone()).then(function () { return response; });
  }).catch(function () {
    return caches.match(request).then(function (r) { return r || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // POST answers go straight to the server, never stored
  if (request.method !== "GET") return;
  var url = new URL(request.url), what = kind(url);
  // and what a staff or kiosk administration page loads is left alone as well
  if (request.referrer && !kind(new URL(request.referrer)) && NEVER.test(new URL(request.referrer).pathname)) return;
  if (what === "page") return event.respondWith(page(event, url));
  if (what === "file") return event.respondWith(file(request, url));
  if (what === "list") return event.respondWith(list(request));
  if (request.mode === "navigate" && url.origin === location.origin) {
    // Everything else (the front door, short links, staff) comes from the network, uncached.
    event.respondWith(fetch(request).catch(function () {
      if (url.pathname !== "/") return offline(url);
      var home = "/" + languageOf(url) + "/";
      return caches.match(home).then(function (hit) { return hit ? Response.redirect(home, 302) : offline(url); });
    }));
  }
});
