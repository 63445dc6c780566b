// On a phone the header's menu folds behind one "Menu" button, so the header takes one
// line. Without script, or on a wide screen, every link stays in view.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("main-nav");
  if (!button || !nav || !window.matchMedia) return;
  var phone = window.matchMedia("(max-width: 699px)");
  function fit() {
    var folded = phone.matches && button.getAttribute("aria-expanded") !== "true";
    button.hidden = !phone.matches;
    nav.classList.toggle("folded", folded);
  }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    fit();
    if (open) {
      var first = nav.querySelector("a, button");
      if (first) first.focus();
    }
  });
  phone.addEventListener("change", fit);
  fit();
})();
