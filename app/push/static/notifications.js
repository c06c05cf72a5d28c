// The notifications page (/<lang>/notifications/): choose topics, see which are on, stop them.
// Loaded on this page only; the shared steps (asking, subscribing, the API) are in js/push.js.
(function () {
  "use strict";

  function ios() {
    // iPadOS calls itself a Mac; a Mac has no touch screen
    var ua = navigator.userAgent, standalone = navigator.standalone === true ||
      window.matchMedia("(display-mode: standalone)").matches;
    return (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) && !standalone;
  }

  function boxes(form) { return Array.prototype.slice.call(form.querySelectorAll("input[name=topic]")); }

  function tick(form, topics) {
    boxes(form).forEach(function (box) { box.checked = topics.indexOf(box.value) >= 0; });
  }

  function stopControls() {
    // the link in every notification ends in #unsubscribe: bring the visitor to the stop button
    if (location.hash !== "#unsubscribe") return;
    var button = document.getElementById("unsubscribe");
    button.scrollIntoView({ block: "center" });
    button.focus();
  }

  function setUp(form, push) {
    var touched = false;
    form.hidden = false;
    form.addEventListener("change", function () { touched = true; });
    // Show what is stored for this browser. Never asks for permission: an existing subscription only.
    push.subscription(false).then(function (sub) {
      return sub && push.api("POST", { endpoint: sub.endpoint }, "/lookup");
    }).then(function (r) {
      return r && r.ok ? r.json() : null;
    }).then(function (stored) {
      if (!stored) return;
      if (!touched) tick(form, stored.topics);
      push.remember(stored.guides);
    }, function () { /* nothing shown is ticked: the visitor can still choose */ });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var lang = form.getAttribute("data-lang");
      var chosen = boxes(form).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      // With nothing ticked, ask for nothing: only an existing subscription is changed.
      push.subscription(chosen.length > 0).then(function (sub) {
        if (!sub) return { removed: true };
        return push.api("POST", { subscription: sub.toJSON(), topics: chosen, replace_topics: true, guides: [],
          lang: lang }).then(function (r) { return r.json(); }).then(function (stored) {
          if (!stored.removed) return stored;
          return sub.unsubscribe().then(function () { return stored; });
        });
      }).then(function (stored) {
        push.remember(stored.guides || []);
        tick(form, stored.topics || []);
        // no topic left: either nothing at all is kept ("removed"), or followed guides still are
        push.say(form, chosen.length ? "saved" : stored.removed ? "removed" : "none");
      }, push.failed(form));
    });

    form.querySelector("[data-push-action=unsubscribe]").addEventListener("click", function () {
      push.subscription(false).then(function (sub) {
        if (!sub) return null;
        return push.api("DELETE", { endpoint: sub.endpoint }).then(function () { return sub.unsubscribe(); });
      }).then(function () { push.remember([]); tick(form, []); push.say(form, "removed"); }, push.failed(form));
    });
    stopControls();
    window.addEventListener("hashchange", stopControls);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var push = window.trinvisPush, form = document.querySelector("[data-push-topics]");
    if (!push || !form) return;  // kiosk mode, or not this page
    var unsupported = document.querySelector("[data-push-unsupported]");
    if (ios()) {  // Safari in a tab: push works only once Trinvis is on the home screen
      document.querySelector("[data-push-ios]").hidden = false;
      unsupported.hidden = true;
      return;
    }
    if (!push.supported) return;
    unsupported.hidden = true;
    setUp(form, push);
  });
})();
