// Forms: the error summary takes the focus, and fields that do not apply are hidden.
// Tables wider than the screen scroll sideways in their box, which a keyboard can then
// reach (Tab) and scroll with the arrow keys.
// Progressive enhancement only: without this file every field shows and the server
// checks the same rules.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
  });

  var dependents = document.querySelectorAll("[data-show-when]");
  function update() {
    dependents.forEach(function (box) {
      var rule = box.getAttribute("data-show-when").split(":");
      var control = document.getElementById(rule[0]);
      if (!control) {
        return;
      }
      var applies = rule[1].split(" ").indexOf(control.value) !== -1;
      var hasError = box.classList.contains("has-error");
      box.hidden = !applies && !hasError;
    });
  }
  var controls = {};
  dependents.forEach(function (box) {
    controls[box.getAttribute("data-show-when").split(":")[0]] = true;
  });
  Object.keys(controls).forEach(function (id) {
    var control = document.getElementById(id);
    if (control) {
      control.addEventListener("change", update);
    }
  });
  update();
})();
