// Trinvis page helpers. The pages work without this file; it only adds.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "trinvis.textsize", CONTRAST = "trinvis.contrast";
  function apply(size) {
    if (size > 0) root.setAttribute("data-size", String(size)); else root.removeAttribute("data-size");
  }
  // High contrast is kept on the device (local storage, never a cookie); print uses it too.
  function contrast(on) {
    if (on) root.setAttribute("data-contrast", "more"); else root.removeAttribute("data-contrast");
    var button = document.querySelector("[data-contrast-toggle]");
    if (button) button.setAttribute("aria-pressed", String(on));
  }
  try {
    apply(parseInt(localStorage.getItem(KEY) || "0", 10) || 0);
    contrast(localStorage.getItem(CONTRAST) === "more");
  } catch (e) { /* storage may be off */ }
  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector("[data-textsize]");
    if (!tools) return;
    tools.hidden = false;
    contrast(root.hasAttribute("data-contrast"));
    tools.addEventListener("click", function (event) {
      if (event.target.closest("[data-contrast-toggle]")) {
        var on = !root.hasAttribute("data-contrast");
        contrast(on);
        try { localStorage.setItem(CONTRAST, on ? "more" : ""); } catch (e) { /* private mode */ }
        return;
      }
      var button = event.target.closest("button[data-size]");
      if (!button) return;
      var size = parseInt(root.getAttribute("data-size") || "0", 10) + parseInt(button.getAttribute("data-size"), 10);
      size = Math.max(0, Math.min(4, size));
      apply(size);
      try { localStorage.setItem(KEY, String(size)); } catch (e) { /* private mode */ }
    });
  });
})();
