// Marks a lesson done when the learner reaches its end, without a click. The server
// counts a lesson as read only after its minimum reading time: if the end comes
// sooner, the script says so and asks again once that time has passed. The "Done"
// button posts the same thing, so nothing depends on this script.
(function () {
  "use strict";
  var end = document.getElementById("lesson-end");
  if (!end || !("IntersectionObserver" in window)) return;
  var token = document.querySelector('input[name="csrf_token"]');
  var status = document.getElementById("lesson-status");
  var sending = false, done = false, retry = null;

  function say(text) { if (status) status.textContent = text; }

  function markDone() {
    if (sending || done) return;
    sending = true;
    fetch(end.dataset.doneUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      sending = false;
      if (response.ok) {
        done = true;
        observer.disconnect();
        say("✓ " + end.dataset.doneMessage);
        return null;
      }
      if (response.status === 409) return response.json();
      return null;
    }).then(function (early) {
      if (!early) return;
      say(end.dataset.waitMessage);
      clearTimeout(retry);
      retry = setTimeout(markDone, (early.seconds_left + 1) * 1000);
    }).catch(function () { sending = false; });
  }

  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) markDone();
  });
  observer.observe(end);
})();
