// Trinvis "Keep this guide on my phone" / "Keep all guides in my language" (guide start pages)
// and the list of guides on this device (the offline page). The buttons stay hidden without a
// service worker; every string comes from data- attributes in the page's own language.
(function () {
  "use strict";
  var doc = document, sw = navigator.serviceWorker;
  if (!sw || !window.caches) return;

  function $(selector, within) { return (within || doc).querySelector(selector); }
  function data(el, name) { return el.getAttribute("data-" + name) || ""; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }
  function guideList(section) {
    return fetch(data(section, "list")).then(function (r) { return r.json(); });
  }
  function css() {
    var bar = $("[data-offline-bar]"), href = bar && data(bar, "css");
    if (!href || $('link[href="' + href + '"]')) return Promise.resolve();
    return new Promise(function (done) {
      var link = doc.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = link.onerror = done;
      doc.head.appendChild(link);
    });
  }
  function controlled() {
    return new Promise(function (resolve) {
      if (sw.controller) return resolve(sw.controller);
      sw.addEventListener("controllerchange", function () { resolve(sw.controller); });
    });
  }

  function allCached(urls) {
    return Promise.all(urls.map(function (url) { return caches.match(url); }))
      .then(function (hits) { return urls.length > 0 && hits.every(Boolean); });
  }

  // --- "Keep this guide on my phone" / "Keep all guides in my language" ---
  function keepSection(section) {
    var slug = data(section, "guide"), progress = $("progress", section);
    var count = $("[data-keep-count]", section), status = $("[data-keep-status]", section);
    var state = $("[data-keep-state]", section), buttons = section.querySelectorAll("button");
    guideList(section).then(function (list) {
      var guide = list.guides.filter(function (g) { return g.slug === slug; })[0] || {pages: []};
      var sets = {
        guide: {key: list.lang + "/" + slug, urls: guide.pages, ready: data(section, "guide-ready")},
        all: {key: list.lang, urls: list.guides.reduce(function (urls, g) { return urls.concat(g.pages); },
          list.pages.slice()), ready: data(section, "all-ready")}
      };
      function refresh() {
        return Promise.all([allCached(sets.all.urls), allCached(sets.guide.urls)]).then(function (ready) {
          var message = ready[0] ? sets.all.ready : ready[1] ? sets.guide.ready : "";
          state.textContent = message;
          state.hidden = !message;
          return message;
        });
      }
      function run(set) {
        for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
        progress.value = 0;
        progress.hidden = count.hidden = false;
        count.textContent = fill(data(section, "saving"), {done: 0, total: set.urls.length});
        status.textContent = data(section, "started");
        controlled().then(function (worker) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) {
            var message = event.data;
            if (message.type === "progress") {
              progress.max = message.total;
              progress.value = message.done;
              count.textContent = fill(data(section, "saving"), {done: message.done, total: message.total});
            } else if (message.type === "done") {
              for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
              progress.hidden = count.hidden = true;
              refresh().then(function () {
                status.textContent = message.failed ? data(section, "failed") : set.ready;
              });
            }
          };
          worker.postMessage({type: "keep", key: set.key}, [channel.port2]);
        });
      }
      $("[data-keep-guide]", section).addEventListener("click", function () { run(sets.guide); });
      $("[data-keep-all]", section).addEventListener("click", function () { run(sets.all); });
      return css().then(refresh).then(function () { section.hidden = false; });
    }).catch(function () { /* offline without the list: the buttons stay hidden */ });
  }

  // --- the offline page lists the guides that are on this device ---
  function guidesOnDevice(section) {
    guideList(section).then(function (list) {
      return Promise.all(list.guides.map(function (g) {
        return caches.match(g.url).then(function (hit) { return hit && g; });
      }));
    }).then(function (found) {
      var ul = $("ul", section);
      found.filter(Boolean).forEach(function (g) {
        var li = doc.createElement("li"), a = doc.createElement("a");
        li.className = "card";
        a.href = g.url;
        a.textContent = g.title;
        li.appendChild(a);
        ul.appendChild(li);
      });
      section.hidden = !ul.children.length;
    }).catch(function () {});
  }

  function start() {
    var keep = $("[data-keep]"), onDevice = $("[data-offline-guides]");
    if (keep) controlled().then(function () { keepSection(keep); });
    if (onDevice) guidesOnDevice(onDevice);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
})();
