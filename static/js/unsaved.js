/* Warn before leaving a form with unsaved input: forms marked data-warn-unsaved.
 * Submitting the form itself does not warn. Loaded as a file (no inline script: CSP). */
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
