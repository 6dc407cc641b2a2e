// Membership application: show the organisation fields only for an organisation's category
// and the amount field only for a category whose amount is chosen. Without JavaScript every
// field stays visible. (No inline script: strict CSP.)
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  function update() {
    var checked = form.querySelector('input[name="category"]:checked');
    var holder = checked ? checked.dataset.holder : null;
    var rule = checked ? checked.dataset.rule : null;
    form.querySelectorAll("[data-holder-section]").forEach(function (el) {
      el.hidden = holder !== null && el.dataset.holderSection !== holder;
    });
    form.querySelectorAll("[data-dues-rule]").forEach(function (el) {
      el.hidden = rule !== el.dataset.duesRule;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "category") { update(); }
  });
  update();
})();
