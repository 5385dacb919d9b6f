// Keyboard use of the menu button on narrow screens (progressive enhancement).
// The button is a <label> for Material's hidden drawer checkbox, so it works
// without JavaScript by click or tap; Material opens it with Enter. This adds
// Space (expected of a role="button") and reports the state with aria-expanded.
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector("[data-zs-drawer-button]");
  if (!toggle || !button) return;
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
  toggle.addEventListener("change", sync);
  sync();
})();
