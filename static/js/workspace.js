// The consultant workspace: copy buttons, confirmations, live progress, the targets table.
// Loaded as a static file because the CSP forbids inline scripts and handlers.
(function () {
  "use strict";

  // Copy a link (or all links) to the clipboard; the field stays selectable as a fallback.
  function copyFrom(field, button) {
    var text = field.value;
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.classList.add("btn-success");
      setTimeout(function () { button.textContent = label; button.classList.remove("btn-success"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { field.select(); });
    } else {
      field.focus();
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected */ }
    }
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-copy-target"));
      if (field) copyFrom(field, button);
    });
  });
  document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  // Ask before destructive actions (revoke, close, delete, clone).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // Live progress: poll the aggregates while the assessment is open and the tab visible.
  var progress = document.querySelector("[data-progress-url]");
  function paint(block, row) {
    ["invited", "started", "submitted", "submitted_text", "percent"].forEach(function (key) {
      var el = block.querySelector('[data-field="' + key + '"]');
      if (el) el.textContent = row[key];
    });
    ["percent", "in_progress_percent"].forEach(function (key) {
      var bar = block.querySelector('[data-bar="' + key + '"]');
      if (bar) { bar.style.width = row[key] + "%"; bar.setAttribute("aria-valuenow", row[key]); }
    });
  }
  function poll() {
    if (document.hidden) { setTimeout(poll, 15000); return; }
    fetch(progress.getAttribute("data-progress-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        data.teams.forEach(function (row) {
          var block = progress.querySelector('[data-team="' + row.team_id + '"]');
          if (block) paint(block, row);
        });
        var total = progress.querySelector('[data-team="0"]');
        if (total) paint(total, data.total);
        var note = progress.querySelector("[data-progress-note]");
        if (note) note.textContent = "Updated " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        if (data.status === "open") setTimeout(poll, 15000);
      })
      .catch(function () { setTimeout(poll, 60000); });
  }
  if (progress && progress.getAttribute("data-status") === "open") setTimeout(poll, 15000);

  // Targets table: mark the areas that differ from the model, and reset them all.
  var targets = document.getElementById("targets-form");
  if (targets) {
    var selects = targets.querySelectorAll("select[data-model-level]");
    var summary = targets.querySelector("[data-targets-summary]");
    var mark = function () {
      var changed = 0;
      selects.forEach(function (select) {
        var differs = select.getAttribute("data-model-level") !== select.value;
        select.closest("tr").classList.toggle("table-warning", differs);
        if (differs) changed += 1;
      });
      if (summary) summary.textContent = changed ? changed + " area" + (changed === 1 ? " differs" : "s differ") + " from the model (highlighted)" : "All areas at the model's level";
    };
    selects.forEach(function (select) { select.addEventListener("change", mark); });
    var reset = targets.querySelector("[data-targets-reset]");
    if (reset) reset.addEventListener("click", function () {
      selects.forEach(function (select) {
        var level = select.getAttribute("data-model-level");
        if (level) select.value = level;
      });
      mark();
    });
    mark();
  }
})();
