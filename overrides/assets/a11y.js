// Keyboard access (progressive enhancement).
// 1. Labels that work as buttons (the menu button, a menu section's toggle) are
//    <label>s for Material's hidden checkboxes, so they work without JavaScript
//    by click or tap. Enter and Space press them, as keyboard users expect of a
//    button. (Material's own script, loaded on wide screens only, would press
//    them on Enter too: the key is handled here once, before it.)
// 2. A table wider than the screen scrolls inside its frame (Material's wrapper
//    on wide screens, the table itself on phones); the scrolling element takes
//    keyboard focus so that it can be scrolled with the arrow keys. A frame is
//    named after the heading above it. A ResizeObserver reports each one after
//    the browser's own layout, so reading its widths forces no extra layout.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof HTMLLabelElement &&
        target.hasAttribute("for") && target.hasAttribute("tabindex")) {
      event.preventDefault();
      event.stopPropagation();
      target.click();
    }
  }, true);

  function heading(element) {
    for (var e = element; e && !e.matches("article"); e = e.parentElement) {
      for (var p = e.previousElementSibling; p; p = p.previousElementSibling) {
        if (/^H[1-6]$/.test(p.tagName)) return p.textContent.replace(/\u00b6/g, "").trim();
      }
    }
    return "";
  }

  var FRAME = ".md-typeset__scrollwrap";

  function update(element) {
    var frame = element.matches(FRAME);
    var wrapped = !frame && element.closest(FRAME);
    var wide = !wrapped && element.scrollWidth > element.clientWidth + 1;
    if (wide) {
      if (!element.hasAttribute("tabindex")) {
        element.setAttribute("tabindex", "0");
        if (frame) {
          element.setAttribute("role", "region");
          var name = heading(element);
          if (name) element.setAttribute("aria-label", name);
        }
      }
    } else if (element.getAttribute("tabindex") === "0") {
      element.removeAttribute("tabindex");
      if (frame) {
        element.removeAttribute("role");
        element.removeAttribute("aria-label");
      }
    }
  }

  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    for (var i = 0; i < entries.length; i++) {
      var target = entries[i].target;
      update(target.matches(FRAME + ", .md-typeset table") ? target : target.parentElement);
    }
  }) : null;
  var seen = observer && new WeakSet();  // every browser with ResizeObserver has WeakSet

  // Tables on phones, Material's frames (and the table inside each) on wide screens.
  function watch() {
    var found = document.querySelectorAll(FRAME + ", .md-typeset table:not([class])");
    for (var i = 0; i < found.length; i++) {
      var element = found[i];
      if (!observer || seen.has(element)) {
        update(element);  // no observer; or a table Material has since wrapped gives its focus up
        continue;
      }
      seen.add(element);
      observer.observe(element);
    }
  }
  window.addEventListener("load", watch);
  document.addEventListener("zs:theme", watch);  // Material's script started (sent by the theme loader)
  if (!observer) window.addEventListener("resize", watch);
})();
