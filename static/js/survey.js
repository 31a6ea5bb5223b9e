// The survey: save each answer as it is given, so closing the tab loses nothing.
// Loaded as a static file because the CSP forbids inline scripts and handlers.
// Without it the page still works: "Save and continue" posts the whole page.
(function () {
  "use strict";

  // After a page submit with errors, take keyboard and screen reader users to the list.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  var form = document.getElementById("survey-form");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var status = document.querySelector("[data-save-status]");
  var progress = document.querySelector("[data-progress]");

  var pending = {};    // unit key ("q-12" or "k-3") -> true, waiting to be sent
  var sending = null;  // the units of the request in flight
  var retryDelay = 0;
  var retryTimer = null;
  var typingTimers = {};
  var stopped = false; // the link stopped working (closed, revoked): no more tries

  function say(text, state) {
    if (!status) return;
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  // The fields of one unit, read from the page as it is now (the latest answer wins).
  function appendUnit(data, key) {
    var id = key.slice(2);
    if (key.charAt(0) === "q") {
      var checked = form.querySelector('input[name="q-' + id + '"]:checked');
      if (checked) data.append("q-" + id, checked.value);
      var comment = form.querySelector('textarea[name="c-' + id + '"]');
      if (comment) data.append("c-" + id, comment.value);
    } else {
      var input = form.querySelector('input[name="k-' + id + '"]');
      if (input) data.append("k-" + id, input.value);
    }
  }

  function payload(keys) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf.value);
    keys.forEach(function (key) { appendUnit(data, key); });
    return data;
  }

  // The page renders an error paragraph only where there is an error; make one on demand
  // under the question's legend (or after the field) and point the field at it.
  function errorElement(field) {
    var el = document.getElementById("err-" + field);
    if (el) return el;
    var input = form.querySelector('[name="' + field + '"]');
    if (!input) return null;
    el = document.createElement("p");
    el.className = "sv-error";
    el.id = "err-" + field;
    el.hidden = true;
    var described = input;
    if (input.type === "radio") {
      described = input.closest("fieldset");
      var levels = described.querySelector(".sv-levels");
      levels.parentNode.insertBefore(el, levels);
    } else {
      input.insertAdjacentElement("afterend", el);
    }
    var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    ids.push(el.id);
    described.setAttribute("aria-describedby", ids.join(" "));
    return el;
  }

  function showError(field, message) {
    var el = errorElement(field);
    if (!el) return false;
    el.textContent = message;
    el.hidden = false;
    var box = el.closest(".sv-question, .sv-kpi");
    if (box) box.classList.add("sv-invalid");
    var details = el.closest("details");
    if (details) details.open = true;
    return true;
  }

  function clearError(field) {
    var el = document.getElementById("err-" + field);
    if (!el || el.hidden) return;
    el.hidden = true;
    el.textContent = "";
    var box = el.closest(".sv-question, .sv-kpi");
    if (box && !box.querySelector(".sv-error:not([hidden])")) box.classList.remove("sv-invalid");
  }

  function paintProgress(answered) {
    if (!progress || typeof answered !== "number") return;
    var total = parseInt(progress.getAttribute("data-total"), 10) || 1;
    var bar = progress.querySelector("[data-progress-bar]");
    var meter = progress.querySelector("[role=progressbar]");
    var count = progress.querySelector("[data-answered]");
    if (bar) bar.style.width = Math.round(100 * answered / total) + "%";
    if (meter) meter.setAttribute("aria-valuenow", answered);
    if (count) count.textContent = answered;
  }

  function scheduleRetry() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 30000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
  }

  function settle(keys, body) {
    (body.saved || []).forEach(clearError);
    var errors = body.errors || {};
    var shown = 0;
    Object.keys(errors).forEach(function (field) { if (showError(field, errors[field])) shown++; });
    paintProgress(body.answered);
    if (Object.keys(errors).length) {
      say(shown ? "Not saved — see the message at the answer" : "Not saved: " + errors[Object.keys(errors)[0]], "error");
    } else if (!Object.keys(pending).length) {
      say("Saved", "saved");
    }
  }

  function flush() {
    clearTimeout(retryTimer);
    if (sending || stopped) return;
    var keys = Object.keys(pending);
    if (!keys.length) return;
    pending = {};
    sending = keys;
    say("Saving…", "saving");
    fetch(url, {
      method: "POST",
      body: payload(keys),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf.value, Accept: "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    }).then(function (res) {
      sending = null;
      if (res.status === 200 || res.status === 400) {
        retryDelay = 0;
        settle(keys, res.body);
      } else if (res.status === 404 || res.status === 409 || res.status === 410) {
        stopped = true;
        say("Not saved: " + (res.body.error || "this link no longer takes answers."), "error");
        return;
      } else {
        throw new Error("HTTP " + res.status);  // 429, 5xx, a proxy's error page: try again
      }
      if (Object.keys(pending).length) flush();
    }).catch(function () {
      sending = null;
      keys.forEach(function (key) { pending[key] = true; });
      say("Not saved — retrying", "error");
      scheduleRetry();
    });
  }

  function queue(key, delay) {
    pending[key] = true;
    clearTimeout(typingTimers[key]);
    if (delay) {
      typingTimers[key] = setTimeout(flush, delay);
    } else {
      flush();
    }
  }

  function unitOf(target) {
    var question = target.closest("[data-question]");
    if (question) return "q-" + question.getAttribute("data-question");
    var kpi = target.closest("[data-kpi]");
    return kpi ? "k-" + kpi.getAttribute("data-kpi") : null;
  }

  form.addEventListener("change", function (event) {
    var key = unitOf(event.target);
    if (key) queue(key, 0);
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "radio") return;  // "change" covers choices
    var key = unitOf(event.target);
    if (key) queue(key, 1200);  // typing: save after a pause
  });
  window.addEventListener("online", flush);

  // Leaving the page with answers still unsent: hand them to the browser to deliver.
  function sendLeftovers() {
    var keys = Object.keys(pending).concat(sending || []);
    if (!keys.length || stopped || !navigator.sendBeacon) return;
    if (navigator.sendBeacon(url, payload(keys))) pending = {};
  }
  window.addEventListener("pagehide", sendLeftovers);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") sendLeftovers();
  });
  // Every answer saved already: open the page the button leads to, a plain GET that
  // leaves no form post in the history. Otherwise (unsent answers, an error shown, a save
  // in flight) the form posts every answer on the page, and nothing is left to send.
  form.addEventListener("submit", function (event) {
    var target = (event.submitter && event.submitter.getAttribute("formaction")) || form.getAttribute("action");
    var clean = !sending && !stopped && !Object.keys(pending).length &&
      !form.querySelector(".sv-error:not([hidden]), .sv-invalid");
    if (clean && target) {
      event.preventDefault();
      window.location.assign(target);
      return;
    }
    pending = {};
    stopped = true;
  });
})();
