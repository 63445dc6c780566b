// "Copy link" beside a certificate's verification link. Without script the link is still
// there to select by hand, so the button only appears when the clipboard can be used.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var status = button.closest(".share-row").querySelector("[role=status]");
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.dataset.copiedText;
      }, function () {
        field.select();
      });
    });
  });
})();

// "Print" buttons (sign-in sheets, invitation lists): shown only where script can print.
document.querySelectorAll("button.print-page").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
