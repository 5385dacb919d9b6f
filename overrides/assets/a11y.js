// Keyboard access on narrow screens (progressive enhancement).
// 1. The menu button is a <label> for Material's hidden drawer checkbox, so it
//    works without JavaScript by click or tap, and Material opens it with Enter.
//    This adds Space, which keyboard users expect of a button.
// 2. A table wider than the screen scrolls inside its frame; the frame takes
//    keyboard focus so that it can be scrolled with the arrow keys, and is named
//    after the heading above it. A ResizeObserver reports each frame after the
//    browser's own layout, so reading its widths forces no extra layout while
//    the page loads (that showed as a long task on phones).
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

  function update(frame) {
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

  // Material wraps tables in their frames once the document is ready, so the
  // frames are looked up on load. Each frame and its table are observed: the
  // frame changes with the screen, the table with its content.
  function watch() {
    var frames = document.querySelectorAll(".md-typeset__scrollwrap");
    if (!frames.length) return;
    if (!("ResizeObserver" in window)) {
      var all = function () { for (var i = 0; i < frames.length; i++) update(frames[i]); };
      all();
      window.addEventListener("resize", all);
      return;
    }
    var observer = new ResizeObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        var target = entries[i].target;
        update(target.matches(".md-typeset__scrollwrap") ? target : target.parentElement);
      }
    });
    for (var i = 0; i < frames.length; i++) {
      observer.observe(frames[i]);
      if (frames[i].firstElementChild) observer.observe(frames[i].firstElementChild);
    }
  }
  window.addEventListener("load", watch);
})();
