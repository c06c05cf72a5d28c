// Handout page: a Print button (the page is complete without it; browsers print from their menu too).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.querySelector("[data-print]");
    if (!holder || typeof window.print !== "function") return;
    holder.hidden = false;
    holder.querySelector("button").addEventListener("click", function () { window.print(); });
  });
})();
