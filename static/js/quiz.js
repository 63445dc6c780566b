// Saves each answer to the server as it is given, shows which questions are
// answered, and counts down to the server's deadline. Without this script the
// "Save my answers" and "Review and submit" buttons do the same work as plain form posts.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var finalForm = document.getElementById("final-submit");  // the summary page
  var status = document.getElementById("save-status");
  var submitting = false;

  function say(text) { if (status) status.textContent = text; }

  if (form) {
    var token = form.querySelector('input[name="csrf_token"]').value;
    var pending = {};   // slot -> timer of a debounced save
    var failed = {};    // slot -> true while a save is owed to the server

    var isAnswered = function (fieldset) {
      return Array.prototype.some.call(fieldset.querySelectorAll("input, select"), function (el) {
        if (el.type === "hidden") return false;
        if (el.type === "radio" || el.type === "checkbox") return el.checked;
        return el.value.trim() !== "";
      });
    };

    var markNav = function (fieldset) {
      var link = document.getElementById("nav-" + fieldset.dataset.slot);
      if (link) link.classList.toggle("answered", isAnswered(fieldset));
    };

    var save = function (fieldset) {
      var slot = fieldset.dataset.slot;
      var data = new FormData();
      fieldset.querySelectorAll("input, select").forEach(function (el) {
        if (!el.name || el.classList.contains("answer-marker")) return;
        if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
        data.append(el.name, el.value);
      });
      return fetch(form.dataset.saveUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token }
      }).then(function (response) {
        if (response.status === 409) {
          say(form.dataset.closedText);
          window.location.href = form.dataset.resultUrl;
          return;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (body) {
        if (!body) return;
        // The server now holds this answer: a later "Submit" that carries it unchanged
        // must not overwrite what another tab may save meanwhile.
        var marker = fieldset.querySelector(".answer-marker");
        if (marker && body.markers && body.markers[slot]) marker.value = body.markers[slot];
        delete failed[slot];
        if (Object.keys(failed).length === 0) say(form.dataset.savedText);
      }).catch(function () {
        failed[slot] = true;
        say(form.dataset.failedText);
      });
    };

    var schedule = function (fieldset, delay) {
      var slot = fieldset.dataset.slot;
      markNav(fieldset);
      clearTimeout(pending[slot]);
      pending[slot] = setTimeout(function () { save(fieldset); }, delay);
    };

    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset[data-slot]");
      if (fieldset) schedule(fieldset, 0);
    });
    form.addEventListener("input", function (event) {
      var fieldset = event.target.closest("fieldset[data-slot]");
      if (fieldset && event.target.type === "text") schedule(fieldset, 800);
    });

    // Retry saves that failed while the connection was down.
    var retry = function () {
      Object.keys(failed).forEach(function (slot) {
        var fieldset = form.querySelector('fieldset[data-slot="' + slot + '"]');
        if (fieldset) save(fieldset);
      });
    };
    setInterval(retry, 5000);
    window.addEventListener("online", retry);
    form.addEventListener("submit", function () { submitting = true; });

    // The sticky bar must never cover the question a learner jumps to.
    var bar = document.getElementById("attempt-bar");
    var fitBar = function () {
      if (bar) document.documentElement.style.setProperty("--bar-height", bar.offsetHeight + "px");
    };
    fitBar();
    window.addEventListener("resize", fitBar);

    // On a phone the question numbers take one line; the learner may unfold them all.
    var toggle = document.getElementById("nav-toggle");
    var nav = document.getElementById("question-nav");
    if (toggle && nav) {
      var overflows = function () { return nav.scrollWidth > nav.clientWidth + 1; };
      var refresh = function () {
        toggle.hidden = !nav.classList.contains("expanded") && !overflows();
        fitBar();
      };
      toggle.addEventListener("click", function () {
        var expanded = nav.classList.toggle("expanded");
        toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
        toggle.textContent = expanded ? toggle.dataset.less : toggle.dataset.more;
        refresh();
      });
      nav.addEventListener("click", function (event) {
        if (event.target.closest("a") && nav.classList.contains("expanded")) toggle.click();
      });
      refresh();
      window.addEventListener("resize", refresh);
    }
  }

  // The countdown follows the server's clock: the offset is taken at page load. Screen
  // readers hear the time at 5 minutes and at 1 minute left.
  var timer = document.getElementById("time-left");
  var target = form || finalForm;
  if (timer && target) {
    var deadline = Date.parse(timer.dataset.deadline);
    var offset = Date.parse(timer.dataset.now) - Date.now();
    var announce = document.getElementById("time-announce");
    var announced = {};
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      timer.parentElement.classList.toggle("urgent", left <= 60);
      if (announce) {
        [[300, "five"], [60, "one"]].forEach(function (mark) {
          if (left <= mark[0] && left > mark[0] - 30 && !announced[mark[1]]) {
            announced[mark[1]] = true;
            announce.textContent = announce.dataset[mark[1]];
          }
        });
      }
      if (left === 0 && !submitting) {
        submitting = true;
        target.submit();
      }
    };
    tick();
    setInterval(tick, 1000);
  }
})();
