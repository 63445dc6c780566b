// The attendance sheet: each tick is saved at once; without script, each row's Save button works.
(function () {
  var script = document.getElementById("attendance-script");
  document.querySelectorAll("form[data-attendance]").forEach(function (form) {
    var box = form.querySelector("input[type=checkbox]");
    var status = form.querySelector(".save-status");
    form.querySelector("button").hidden = true;
    box.addEventListener("change", function () {
      status.textContent = script.dataset.saving;
      var data = new FormData(form);
      fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          status.textContent = script.dataset.saved;
        })
        .catch(function () {
          status.textContent = script.dataset.failed;
          form.querySelector("button").hidden = false;
        });
    });
  });
})();
