// Marks a lesson done when the learner reaches its end, without a click.
// The "Done" button posts the same thing, so nothing depends on this script.
(function () {
  "use strict";
  var end = document.getElementById("lesson-end");
  if (!end || !("IntersectionObserver" in window)) return;
  var token = document.querySelector('input[name="csrf_token"]');
  var status = document.getElementById("lesson-status");
  var sent = false;
  var observer = new IntersectionObserver(function (entries) {
    if (sent || !entries.some(function (e) { return e.isIntersecting; })) return;
    sent = true;
    observer.disconnect();
    fetch(end.dataset.doneUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (response.ok && status && !status.textContent.trim()) {
        status.textContent = "✓ " + end.dataset.doneMessage;
      } else if (!response.ok) { sent = false; }
    }).catch(function () { sent = false; });
  });
  observer.observe(end);
})();
