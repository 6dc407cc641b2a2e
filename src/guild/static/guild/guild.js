// Guild: progressive enhancement only. No inline scripts (strict CSP).
(function () {
  "use strict";
  // Confirm dangerous actions: <form data-confirm="Message">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    }
  });
  // Auto-submit selects: <select data-autosubmit>.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.dataset.autosubmit !== undefined && el.form) {
      el.form.requestSubmit();
    }
  });
})();
