// Trinvis page helpers. The pages work without this file; it only adds.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "trinvis.textsize";
  function apply(size) {
    if (size > 0) root.setAttribute("data-size", String(size)); else root.removeAttribute("data-size");
  }
  try { apply(parseInt(localStorage.getItem(KEY) || "0", 10) || 0); } catch (e) { /* storage may be off */ }
  document.addEventListener("DOMContentLoaded", function () {
    var tools = document.querySelector("[data-textsize]");
    if (!tools) return;
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-size]");
      if (!button) return;
      var size = parseInt(root.getAttribute("data-size") || "0", 10) + parseInt(button.getAttribute("data-size"), 10);
      size = Math.max(0, Math.min(3, size));
      apply(size);
      try { localStorage.setItem(KEY, String(size)); } catch (e) { /* private mode */ }
    });
  });
})();
