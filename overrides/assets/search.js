// Starts pagefind's search UI on the search page and runs the query from ?q=.
// The static form above it stays for visitors without JavaScript (it reloads
// the page with ?q=) and is hidden once the interactive UI is running.
(function () {
  "use strict";
  var mount = document.getElementById("zs-search");
  if (!mount || typeof window.PagefindUI !== "function") return;
  var ui = new window.PagefindUI({
    element: "#zs-search",
    bundlePath: mount.getAttribute("data-bundle"),
    showImages: false,
    resetStyles: false
  });
  var form = document.querySelector("[data-zs-search-form]");
  // pagefind's box has only a title; give it the form's label as its name
  // (axe: label-title-only).
  var box = mount.querySelector("input.pagefind-ui__search-input");
  var label = form && form.querySelector("label");
  if (box && label) box.setAttribute("aria-label", label.textContent.trim());
  if (form) form.hidden = true;
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
