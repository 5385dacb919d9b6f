// Keyboard access on narrow screens (progressive enhancement).
// 1. The menu button is a <label> for Material's hidden drawer checkbox, so it
//    works without JavaScript by click or tap, and Material opens it with Enter.
//    This adds Space, which keyboard users expect of a button.
// 2. A table wider than the screen scrolls inside its frame; the frame takes
//    keyboard focus so that it can be scrolled with the arrow keys, and is named
//    after the heading above it.
(function () {
  "use strict";
  var button = document.querySelector("[data-zs-drawer-button]");
  if (button) {
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      }
    });
  }

  function heading(element) {
    for (var e = element; e && !e.matches("article"); e = e.parentElement) {
      for (var p = e.previousElementSibling; p; p = p.previousElementSibling) {
        if (/^H[1-6]$/.test(p.tagName)) return p.textContent.replace(/\u00b6/g, "").trim();
      }
    }
    return "";
  }

  function scrollables() {
    var frames = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.scrollWidth > frame.clientWidth + 1) {
        if (!frame.hasAttribute("tabindex")) {
          frame.setAttribute("tabindex", "0");
          frame.setAttribute("role", "region");
          var name = heading(frame);
          if (name) frame.setAttribute("aria-label", name);
        }
      } else if (frame.getAttribute("tabindex") === "0") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    }
  }
  window.addEventListener("load", scrollables);
  window.addEventListener("resize", scrollables);
})();
