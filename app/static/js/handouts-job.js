// A handout batch printing in the background: fetch the page again every two seconds and show
// the new progress; the page works without this (it has a link that shows how far it has come).
(function () {
  "use strict";
  function poll() {
    fetch(location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-job]");
        var here = document.querySelector("[data-job]");
        if (!fresh || !here) return;
        if (fresh.getAttribute("data-job") !== "running") {  // ready or stopped: the region announces it
          here.setAttribute("data-job", fresh.getAttribute("data-job"));
          here.innerHTML = fresh.innerHTML;
          return;
        }
        here.querySelector("progress").value = fresh.querySelector("progress").value;
        here.querySelector("[data-job-status]").textContent = fresh.querySelector("[data-job-status]").textContent;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () { setTimeout(poll, 2000); });
})();
