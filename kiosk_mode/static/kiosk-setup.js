// Setting up a kiosk tablet: keep every guide of each device language for offline use through
// the offline part's service worker ("keep" message, the same one "Keep all guides in my
// language" sends), show the progress, then open the kiosk home, which keeps its own pages
// (the worker leaves alone what this page fetches) and records the baseline.
(function () {
  "use strict";
  document.documentElement.setAttribute("data-kiosk", ""); // push.js and offline.js: kiosk rules
  function $(id) { return document.getElementById(id); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function controller(sw, ms) {
    return new Promise(function (resolve, reject) {
      if (sw.controller) return resolve(sw.controller);
      sw.addEventListener("controllerchange", function () { resolve(sw.controller); });
      setTimeout(function () { reject(new Error("no service worker")); }, ms);
    });
  }

  // One language: resolves with the number of pages that failed (-1: the list itself failed).
  function keep(worker, lang, progress) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        var m = event.data;
        if (m.type === "progress") progress(m.done, m.total);
        else if (m.type === "done") resolve(m.failed);
      };
      worker.postMessage({type: "keep", key: lang}, [channel.port2]);
    });
  }

  function start() {
    var box = $("kiosk-setup");
    if (!box) return;
    var langs = box.getAttribute("data-langs").split(","), names = box.getAttribute("data-names").split("|");
    var bar = $("kiosk-setup-progress"), status = $("kiosk-setup-status"), step = $("kiosk-setup-step");
    var retry = $("kiosk-setup-retry"), home = box.getAttribute("data-home");
    var sw = navigator.serviceWorker;
    if (!sw || !window.caches || !window.MessageChannel) {
      // nothing to wait for; the kiosk home says the kiosk works only online
      location.replace(home);
      return;
    }
    function run() {
      retry.hidden = true;
      status.textContent = "";
      sw.register("/sw.js").then(function (registration) {
        // no worker in any state: service workers are switched off here, so nothing will be kept
        if (!registration || !(registration.installing || registration.waiting || registration.active)) {
          location.replace(home);
          return new Promise(function () {});
        }
        // the active worker answers on the message channel whether or not it controls this page
        // (a page loaded while the worker was still installing is never claimed)
        return Promise.race([controller(sw, 120000), sw.ready.then(function (reg) { return sw.controller || reg.active; })]);
      }).then(function (worker) {
        var failed = 0, i = 0;
        function next() {
          if (i >= langs.length) return Promise.resolve();
          var n = i++;
          step.textContent = fill(box.getAttribute("data-step"), {n: n + 1, count: langs.length});
          return keep(worker, langs[n], function (done, total) {
            bar.max = total;
            bar.value = done;
            status.textContent = fill(box.getAttribute("data-saving"), {language: names[n], done: done, total: total});
          }).then(function (f) { failed += f ? 1 : 0; return next(); });
        }
        return next().then(function () { return failed; });
      }).then(function (failed) {
        if (failed) {
          status.textContent = box.getAttribute("data-failed");
          retry.hidden = false;
          return;
        }
        status.textContent = box.getAttribute("data-done");
        box.setAttribute("data-state", "done");
        location.replace(home);
      }, function () {
        status.textContent = box.getAttribute("data-unsupported");
        retry.hidden = false;
      });
    }
    retry.addEventListener("click", run);
    run();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
