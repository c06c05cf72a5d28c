// The volunteer panel of an enrolled tablet: opened by the "Volunteer" button or a long press on
// the logo; the PIN checked by the server online, by PBKDF2 (WebCrypto) offline; the languages
// shown, content refresh and end of session. Needs kiosk.js (window.trinvisKiosk) first.
(function () {
  "use strict";
  var kiosk = window.trinvisKiosk, root = document.documentElement, bar;
  // The count of wrong tries and the lock are kept in kiosk-baseline, so neither a reload nor the
  // wipe undoes them; online the server's own lock (it counts too) is copied in.
  var LOCK_MS = 5 * 60 * 1000, LOCK_URL = "/kiosk/pin-lock.json", lock = {failures: 0, until: 0}, panelToken = null;
  if (!kiosk) return;
  function $(id) { return document.getElementById(id); }
  var settle = kiosk.settle, within = kiosk.within, endSession = kiosk.endSession;
  var keepLanguages = kiosk.keepLanguages, showLanguages = kiosk.showLanguages;

  function saveLanguages(e) {
    e.preventDefault();
    var message = $("kiosk-langs-message"), form = e.target;
    var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name=lang]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    if (!chosen.length) { message.textContent = bar.getAttribute("data-langs-none"); return; }
    if (!navigator.onLine) { message.textContent = bar.getAttribute("data-langs-online"); return; }
    var body = new URLSearchParams({token: panelToken || ""});
    chosen.forEach(function (code) { body.append("lang", code); });
    fetch(form.action, {method: "POST", credentials: "same-origin", body: body}).then(function (r) {
      return r.json().then(function (data) {
        if (!data.ok) throw new Error(data.error);
        return keepLanguages(data.languages).then(function () {
          message.textContent = bar.getAttribute("data-langs-saved");
          showLanguages(data.languages);
        });
      });
    }).catch(function () {
      message.textContent = bar.getAttribute(navigator.onLine ? "data-langs-failed" : "data-langs-online");
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }
  function offlinePin(pin) {
    var subtle = window.crypto && crypto.subtle;
    if (!subtle) return Promise.resolve(false);
    return subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]).then(function (key) {
      return subtle.deriveBits({name: "PBKDF2", hash: "SHA-256", salt: fromHex(bar.getAttribute("data-pin-salt")),
        iterations: parseInt(bar.getAttribute("data-pin-iterations"), 10)}, key, 256);
    }).then(function (bits) { return hex(bits) === bar.getAttribute("data-pin-hash"); });
  }
  function save(result) {
    lock = result === "ok" ? {failures: 0, until: 0} : lock;
    return kiosk.keep(LOCK_URL, lock).then(function () { return result; });
  }
  function checkPin(pin) {
    return kiosk.kept(LOCK_URL).then(function (saved) {
      lock = saved || lock;
      // a clock set back must not lock the panel for longer than the lock lasts
      lock.until = Math.min(lock.until || 0, Date.now() + LOCK_MS);
      if (Date.now() < lock.until) return "locked";
      var online = navigator.onLine ? fetch("/kiosk/pin", {method: "POST", credentials: "same-origin",
        body: new URLSearchParams({pin: pin})}).then(function (r) {
        return r.json().then(function (data) {
          if (data.locked_until) lock.until = Date.now() + (data.locked_until - data.now) * 1000;
          panelToken = data.token || null;
          return save(data.ok ? "ok" : (data.locked_until ? "locked" : "wrong"));
        });
      }) : Promise.reject(new Error("offline"));
      return online.catch(function () {
        return offlinePin(pin).then(function (right) {
          if (right) return save("ok");
          lock.failures = (lock.failures || 0) + 1;
          if (lock.failures >= 5) lock = {failures: 0, until: Date.now() + LOCK_MS};
          return save(lock.failures ? "wrong" : "locked");
        });
      });
    });
  }
  function showStatus() {
    $("kiosk-online").textContent = bar.getAttribute(navigator.onLine ? "data-online" : "data-offline");
    var at = parseFloat($("kiosk-updated").getAttribute("data-at"));
    if (at) $("kiosk-updated").textContent = new Date(at * 1000).toLocaleString(root.lang);
  }
  function openPanel() {
    $("kiosk-panel").hidden = false;
    $("kiosk-panel-body").hidden = true;
    $("kiosk-pin-form").hidden = false;
    $("kiosk-pin").value = "";
    $("kiosk-pin").focus();
  }
  function closePanel() { $("kiosk-panel").hidden = true; $("kiosk-pin").value = ""; panelToken = null; }

  function start() {
    bar = $("kiosk-bar");
    if (!bar) return;
    if ($("kiosk-langs-form")) $("kiosk-langs-form").addEventListener("submit", saveLanguages);
    $("kiosk-panel-end").addEventListener("click", function () { closePanel(); endSession(); });
    $("kiosk-volunteer").addEventListener("click", openPanel);
    var brand = document.querySelector(".brand"), pressTimer = null;
    if (brand) {
      brand.addEventListener("pointerdown", function () { pressTimer = setTimeout(function () { pressTimer = "fired"; openPanel(); }, 1500); });
      brand.addEventListener("pointerup", function () { if (pressTimer !== "fired") clearTimeout(pressTimer); });
      brand.addEventListener("click", function (e) { if (pressTimer === "fired") { e.preventDefault(); pressTimer = null; } });
    }
    $("kiosk-panel-close").addEventListener("click", closePanel);
    $("kiosk-pin-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var message = $("kiosk-pin-message");
      checkPin($("kiosk-pin").value).then(function (result) {
        $("kiosk-pin").value = "";
        if (result === "ok") {
          message.textContent = "";
          $("kiosk-pin-form").hidden = true;
          $("kiosk-panel-body").hidden = false;
          showStatus();
        } else {
          message.textContent = bar.getAttribute(result === "locked" ? "data-locked" : "data-wrong");
        }
      });
    });
    $("kiosk-refresh").addEventListener("click", function () {
      // The visit ends first (so nothing of it becomes part of the baseline), then the set-up page
      // saves every guide again and the kiosk home records the new baseline (?refreshed=1).
      if (!navigator.onLine) { $("kiosk-online").textContent = bar.getAttribute("data-offline"); return; }
      closePanel();
      settle(within(3000, fetch("/kiosk/refreshed", {method: "POST", credentials: "same-origin"})))
        .then(function () { endSession("/kiosk/setup?refresh=1"); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
