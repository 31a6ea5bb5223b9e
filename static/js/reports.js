// Polls the status of reports being built and swaps in the download link when done.
(function () {
  "use strict";
  var rows = document.querySelectorAll("tr[data-report-status]");
  function poll(row) {
    var status = row.getAttribute("data-status");
    if (status === "done" || status === "failed") return;
    fetch(row.getAttribute("data-report-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        row.setAttribute("data-status", data.status);
        var bar = row.querySelector(".progress-bar");
        var progress = row.querySelector(".progress");
        var label = row.querySelector("[data-role=label]");
        if (bar) { bar.style.width = data.progress + "%"; bar.textContent = data.progress + "%"; }
        if (progress) progress.setAttribute("aria-valuenow", data.progress);
        if (label) label.textContent = data.label + (data.error ? " · " + data.error : "");
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
        setTimeout(function () { poll(row); }, 1000);
      })
      .catch(function () { setTimeout(function () { poll(row); }, 3000); });
  }
  rows.forEach(poll);

  // Without a worker (the embedded set-up) the build runs during the request: say so and
  // keep the buttons from starting a second one. Disabled after the submit, so the
  // clicked button's format is still sent.
  var form = document.querySelector("form[data-report-form]");
  var note = document.querySelector("[data-building]");
  if (form && note) {
    form.addEventListener("submit", function (event) {
      var what = event.submitter ? event.submitter.textContent.trim() : "report";
      note.textContent = "Building: " + what + ". This takes a few seconds; the page updates when it is ready.";
      note.hidden = false;
      setTimeout(function () {
        form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
      }, 0);
    });
  }
})();
