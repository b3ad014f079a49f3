/* Ledger imports: the progress bar of a check or an import polls its status and reloads the page
 * once the work has ended. */
(function () {
  "use strict";

  var POLL_INTERVAL = 1500;
  var box = document.getElementById("ledger-progress");
  if (!box) {
    return;
  }
  var bar = box.querySelector(".progress-bar");
  var stage = box.querySelector("[data-role=stage]");
  var percent = box.querySelector("[data-role=percent]");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        bar.style.width = status.progress + "%";
        percent.textContent = status.progress + "%";
        stage.textContent = status.stage || status.status_label;
        window.setTimeout(poll, POLL_INTERVAL);
      })
      .catch(function () { window.setTimeout(poll, POLL_INTERVAL * 2); });
  }

  window.setTimeout(poll, POLL_INTERVAL);
})();
