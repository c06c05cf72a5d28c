// Put by the kiosk launcher into every page and frame of a session, before the page's own
// scripts (Page.addScriptToEvaluateOnNewDocument). It reports input to the launcher, which
// measures idle time across every site; on the kiosk's own pages it reports the kiosk's
// settings and words; on any other site it adds a "Back to Trinvis" bar and, when the
// launcher says so, the idle warning. It never reads what the citizen types.
// CONFIG and BINDING are written above this line by the launcher.
(function () {
  "use strict";
  var send = window[BINDING];
  if (typeof send !== "function" || window.__trinvisLauncher) return;
  window.__trinvisLauncher = true;
  try { delete window[BINDING]; } catch (e) { /* not deletable: harmless */ }
  var last = 0;
  function tell(message) {
    try { send(JSON.stringify(message)); } catch (e) { /* the launcher is gone */ }
  }
  function input() {
    var now = Date.now();
    if (now - last < 2000) return; // one report every two seconds is plenty for minutes of idle time
    last = now;
    tell({kind: "input"});
  }
  ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (type) {
    addEventListener(type, input, {capture: true, passive: true});
  });
  if (window.top !== window) return;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn();
  }
  function text(id) { var el = document.getElementById(id); return el ? el.textContent.trim() : ""; }

  if (location.origin === CONFIG.kiosk) {
    ready(function () {
      var bar = document.getElementById("kiosk-bar");
      if (!bar) return;
      var lead = document.getElementById("kiosk-idle-text"), strong = lead && lead.querySelector("strong");
      tell({kind: "kiosk", idle: parseInt(bar.getAttribute("data-idle"), 10) || 0,
        lang: bar.getAttribute("data-lang") || "", dir: document.documentElement.dir || "ltr",
        back: bar.getAttribute("data-back") || "", title: text("kiosk-idle-title"),
        lead: lead && lead.firstChild ? lead.firstChild.textContent.trim() : "",
        seconds: strong && strong.lastChild ? strong.lastChild.textContent.trim() : "",
        stay: text("kiosk-still-here")});
    });
    return;
  }
  if (!/^https?:$/.test(location.protocol)) return;

  var words = CONFIG.words, box = null, count = null;
  function style(el, rules) { for (var key in rules) el.style.setProperty(key, rules[key], "important"); return el; }
  function make(tag, parent, rules, content) {
    var el = style(document.createElement(tag), rules || {});
    if (content) el.textContent = content;
    if (parent) parent.appendChild(el);
    return el;
  }
  ready(function () {
    if (!document.body) return;
    // Styles go through the CSSOM, which a site's Content-Security-Policy does not block.
    var bar = make("div", null, {position: "fixed", left: "0", right: "0", bottom: "0", "z-index": "2147483646",
      background: "#00335c", padding: "8px 16px", display: "flex", "justify-content": "center"});
    bar.setAttribute("role", "navigation");
    bar.setAttribute("aria-label", words.back);
    bar.setAttribute("dir", words.dir);
    bar.setAttribute("lang", words.lang);
    bar.id = "trinvis-kiosk-back";
    var link = make("a", bar, {color: "#fff", background: "transparent", "font": "700 20px/1.3 sans-serif",
      padding: "12px 24px", border: "3px solid #fff", "border-radius": "8px", "text-decoration": "none",
      "min-height": "48px", display: "inline-block"}, words.back);
    link.href = CONFIG.home;
    // The launcher opens it as if typed in the address bar: a link from another site would not
    // carry the kiosk's SameSite=Strict device cookie, and the kiosk would not know the tablet.
    link.addEventListener("click", function (event) { event.preventDefault(); tell({kind: "home"}); });
    make("div", document.body, {height: "80px"});
    document.body.appendChild(bar);
  });

  // The launcher calls this when the whole browser has been idle: a countdown, or 0 to hide it.
  window.__trinvisKioskWarn = function (seconds) {
    if (!document.body) return;
    if (!seconds) { if (box) box.remove(); box = null; return; }
    if (!box) {
      box = make("div", document.body, {position: "fixed", inset: "0", "z-index": "2147483647", display: "flex",
        "align-items": "center", "justify-content": "center", background: "rgba(0,20,40,.92)", padding: "16px"});
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("dir", words.dir);
      box.setAttribute("lang", words.lang);
      var inner = make("div", box, {background: "#fff", color: "#111", "border-radius": "12px", padding: "24px",
        "max-width": "32rem", width: "100%", font: "20px/1.4 sans-serif"});
      make("h2", inner, {font: "700 26px/1.3 sans-serif", margin: "0 0 12px", color: "#111"}, words.title);
      var p = make("p", inner, {margin: "0 0 16px", color: "#111"}, words.lead + " ");
      count = make("strong", p, {color: "#111"});
      var stay = make("button", inner, {width: "100%", "min-height": "80px", font: "700 26px/1.2 sans-serif",
        background: "#0b5c2e", color: "#fff", border: "3px solid #fff", "border-radius": "8px", cursor: "pointer"}, words.stay);
      stay.type = "button";
      stay.addEventListener("click", function () { window.__trinvisKioskWarn(0); });
      stay.focus();
    }
    count.textContent = seconds + " " + words.seconds;
  };
})();
