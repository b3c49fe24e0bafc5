/* The respondent's page, enhanced: follow-up questions appear as the score they depend on is
   picked, every change is saved in the background, and an embedded page tells the frame its
   height. Without this script the form works as plain posts. */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");

  function postHeight() {
    if (document.body.dataset.embed && window.parent !== window) {
      window.parent.postMessage({ outwardHeight: document.documentElement.scrollHeight }, "*");
    }
  }
  window.addEventListener("load", postHeight);
  window.addEventListener("resize", postHeight);
  if (!form) { return; }

  function answerOf(key) {
    var picked = form.querySelector('input[name="q_' + key + '"]:checked');
    return picked ? parseInt(picked.value, 10) : null;
  }

  function updateFollowUps() {
    var changed = true;
    // A follow-up may depend on another follow-up: repeat until nothing changes.
    for (var round = 0; changed && round < 10; round++) {
      changed = false;
      form.querySelectorAll("[data-show-if]").forEach(function (block) {
        var parent = form.querySelector("#question-" + block.dataset.showIf);
        var value = parent && !parent.hidden ? answerOf(block.dataset.showIf) : null;
        var show = value !== null && value >= +block.dataset.min && value <= +block.dataset.max;
        if (block.hidden === show) {
          block.hidden = !show;
          changed = true;
        }
        var shown = block.querySelector('input[name="shown"]');
        if (shown) { shown.disabled = !show; }
      });
    }
    postHeight();
  }

  var status = form.querySelector(".autosave-status");
  var timer = null;
  function autosave() {
    if (form.dataset.preview) { return; }
    var data = new FormData(form);
    data.set("action", "save");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Outward-Autosave": "1" }
    }).then(function (response) {
      if (response.ok && status) { status.textContent = status.dataset.savedText; }
    }).catch(function () { /* the next change or the submit saves again */ });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(autosave, 800);
  }

  form.addEventListener("change", function () {
    updateFollowUps();
    later();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { later(); }
  });
  form.addEventListener("submit", function () {
    if (timer) { clearTimeout(timer); }
  });
  updateFollowUps();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
