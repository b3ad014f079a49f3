/* The progress bar of a background job (a quota report run, an export): every element with
 * data-status-url polls that URL for {progress, stage, status_label, finished} and reloads the page
 * once the job has ended. */
(function () {
  "use strict";

  var POLL_INTERVAL = 2000;

  function follow(box) {
    var bar = box.querySelector(".progress-bar");
    var stage = box.querySelector("[data-role=stage]");
    var percent = box.querySelector("[data-role=percent]");
    function poll() {
      fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (status) {
          if (status.finished) {
            window.location.reload();
            return;
          }
          if (bar) {
            bar.style.width = status.progress + "%";
            bar.parentNode.setAttribute("aria-valuenow", status.progress);
          }
          if (percent) {
            percent.textContent = status.progress + "%";
          }
          if (stage) {
            stage.textContent = status.stage || status.status_label;
          }
          window.setTimeout(poll, POLL_INTERVAL);
        })
        .catch(function () {
          if (stage) {
            stage.textContent = "暂时无法获取进度，稍后重试…";
          }
          window.setTimeout(poll, POLL_INTERVAL * 3);
        });
    }
    window.setTimeout(poll, POLL_INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-status-url]").forEach(follow);
  });
})();
