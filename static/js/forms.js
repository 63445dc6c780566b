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

  // "member_type:civil_servant": whether the control member_type holds one of the values.
  // A control inside a part that is hidden holds nothing (the ministry of a sector chosen
  // before the member type changed), as the server's OnlyWhen rules say.
  function holds(rule) {
    var parts = rule.split(":");
    var control = document.getElementById(parts[0]);
    if (!control) {
      return null;
    }
    for (var box = control.closest("[data-show-when]"); box;
         box = box.parentElement && box.parentElement.closest("[data-show-when]")) {
      if (box.hidden) {
        return false;
      }
    }
    return parts[1].split(" ").indexOf(control.value) !== -1;
  }

  var dependents = document.querySelectorAll("[data-show-when]");
  var marks = document.querySelectorAll("[data-required-when]");
  function update() {
    dependents.forEach(function (box) {  // in page order: a part before the fields inside it
      var applies = holds(box.getAttribute("data-show-when"));
      if (applies === null) {
        return;
      }
      var inError = box.classList.contains("has-error") || box.querySelector(".has-error");
      box.hidden = !applies && !inError;
    });
    marks.forEach(function (mark) {  // the required mark of a field required only sometimes
      var required = holds(mark.getAttribute("data-required-when"));
      if (required === null) {
        return;
      }
      mark.hidden = !required;
      var control = mark.closest(".field").querySelector("input, select, textarea");
      if (control) {
        control.setAttribute("aria-required", required ? "true" : "false");
      }
    });
  }
  var controls = {};
  document.querySelectorAll("[data-show-when], [data-required-when]").forEach(function (el) {
    var rule = el.getAttribute("data-show-when") || el.getAttribute("data-required-when");
    controls[rule.split(":")[0]] = true;
  });
  Object.keys(controls).forEach(function (id) {
    var control = document.getElementById(id);
    if (control) {
      control.addEventListener("change", update);
    }
  });
  update();
})();
