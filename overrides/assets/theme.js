// Loads Material's JavaScript on screens at least 60em (960 px) wide, where its
// sidebars, table of contents and back-to-top button need it. Phones get the
// theme without it: the menu, the language switcher and tables work with CSS
// alone (the keyboard script adds the keys), and the page is ready without 114 KB of
// script to run on a slow processor (issue 8: mobile performance). A screen
// that becomes wide (a tablet turned) loads it then.
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-src");
  if (!src || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 60em)");
  var ready = document.readyState !== "loading";
  document.addEventListener("DOMContentLoaded", function () { ready = true; });

  function load() {
    document.documentElement.setAttribute("data-zs-theme-script", "loading");
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      // Material starts on DOMContentLoaded; when it arrived later, start it
      // the way its own instant navigation does.
      if (ready && window.document$) window.document$.next(document);
      document.documentElement.setAttribute("data-zs-theme-script", "on");
      // Material wraps tables in frames as it starts (the keyboard script watches them).
      setTimeout(function () { document.dispatchEvent(new Event("zs:theme")); }, 0);
    };
    document.body.appendChild(script);
  }

  if (wide.matches) {
    load();
  } else if (wide.addEventListener) {
    wide.addEventListener("change", function start(event) {
      if (!event.matches) return;
      wide.removeEventListener("change", start);
      load();
    });
  }
})();
