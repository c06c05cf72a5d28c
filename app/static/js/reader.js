// Read aloud with the device's voices; a control shows only when a voice for its language can
// speak (offline: only voices on the device).
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  var RATE = "trinvis.speechrate", SLOW = 0.7;
  var controls = [], run = 0;

  function norm(code) { return String(code || "").toLowerCase().replace(/_/g, "-"); }
  function voiceFor(lang) {
    var want = norm(lang), found = null;
    (synth.getVoices() || []).forEach(function (v) {
      var have = norm(v.lang);
      if ((have === want || !have.indexOf(want + "-")) && (v.localService || navigator.onLine) &&
          (!found || v.localService && !found.localService)) found = v;
    });
    return found;
  }
  function langOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement, owner = el && el.closest("[lang]");
    return owner ? owner.getAttribute("lang") : document.documentElement.lang;
  }
  var BLOCK = "p,li,h1,h2,h3,dt,dd,figure,aside,section,article,div";

  // The text in reading order as pieces of one language; Danish screen words get the Danish
  // voice when the device has one, else they are read by the text's own voice.
  function pieces(target, mainLang) {
    var out = [], walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT), node;
    var danish = voiceFor("da") ? "da" : mainLang;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (!node.nodeValue.trim() || parent.closest("figure,[data-noread],[data-readaloud],[hidden]")) continue;
      var lang = norm(langOf(node)) === "da" ? danish : mainLang;
      var block = parent.closest(BLOCK), last = out[out.length - 1];
      if (last && last.lang === lang && last.block === block) last.text += node.nodeValue;
      else out.push({ lang: lang, block: block, text: node.nodeValue });
    }
    return out;
  }

  function rate() {
    try { return localStorage.getItem(RATE) === "slow" ? SLOW : 1; } catch (e) { return 1; }
  }
  function show(control, speaking) {
    var play = control.el.querySelector("[data-act=play]"), stop = control.el.querySelector("[data-act=stop]");
    var hadFocus = document.activeElement === (speaking ? play : stop);
    play.hidden = speaking;
    stop.hidden = !speaking;
    if (hadFocus) (speaking ? stop : play).focus();
  }
  function stopAll() {
    run++;
    synth.cancel();
    controls.forEach(function (c) { show(c, false); });
  }
  function speak(control) {
    stopAll();
    var mine = run, target = document.querySelector(control.el.getAttribute("data-read"));
    if (!target) return;
    var list = pieces(target, control.lang);
    if (!list.length) return;
    show(control, true);
    list.forEach(function (piece, i) {
      var utterance = new SpeechSynthesisUtterance(piece.text.replace(/\s+/g, " ").trim());
      utterance.lang = piece.lang;
      try { utterance.voice = voiceFor(piece.lang); } catch (e) { /* the language alone still picks a voice */ }
      utterance.rate = rate();
      if (i === list.length - 1) {
        utterance.onend = utterance.onerror = function () { if (mine === run) show(control, false); };
      }
      synth.speak(utterance);
    });
  }

  function setUp() {
    controls.forEach(function (control) {
      var target = document.querySelector(control.el.getAttribute("data-read"));
      control.lang = target ? norm(langOf(target)) : "";
      control.el.hidden = !(target && voiceFor(control.lang));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var slow = rate() === SLOW;
    Array.prototype.forEach.call(document.querySelectorAll("[data-readaloud]"), function (el) {
      var control = { el: el, lang: "" };
      controls.push(control);
      el.querySelector("[data-act=slow]").setAttribute("aria-pressed", String(slow));
      el.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-act]");
        if (!button) return;
        var act = button.getAttribute("data-act");
        if (act === "play") speak(control);
        else if (act === "stop") stopAll();
        else {
          slow = button.getAttribute("aria-pressed") !== "true";
          try { localStorage.setItem(RATE, slow ? "slow" : "normal"); } catch (e) { /* private mode */ }
          controls.forEach(function (c) { c.el.querySelector("[data-act=slow]").setAttribute("aria-pressed", String(slow)); });
        }
      });
    });
    if (!controls.length) return;
    setUp();
    // Chromium loads its voices after the page: look again when they arrive.
    if (synth.addEventListener) synth.addEventListener("voiceschanged", setUp);
    window.addEventListener("online", setUp);
    window.addEventListener("offline", setUp);
    window.addEventListener("pagehide", function () { synth.cancel(); });
  });
})();
