// The search page: this site's own small interface over pagefind's search API
// (pagefind/pagefind.js, an ES module served from this site). pagefind's
// ready-made UI costs a visitor 134 KB of script and styles before the first
// result; this file is a few KB, so one query stays under 300 KB in all.
//
// The form works without JavaScript (it reloads the page with ?q=); with it,
// results appear as the visitor types. pagefind picks the index of the page's
// <html lang>, so a Chinese page searches Chinese pages only. Messages come
// from the page (data-msg-*, docs/data/ui.yml): [COUNT] and [TERM] are filled in.
(function () {
  "use strict";
  var root = document.getElementById("zs-search");
  var form = document.querySelector("[data-zs-search-form]");
  if (!root || !form) return;
  var box = form.querySelector("input[name=q]");
  var status = root.querySelector(".zs-search-status");
  var list = root.querySelector(".zs-search-results");
  var more = root.querySelector(".zs-search-more");
  var PAGE = 10;
  var current = null;  // the latest search: {results, shown}

  function message(name, count, term) {
    return (root.getAttribute("data-msg-" + name) || "")
      .replace("[COUNT]", String(count)).replace("[TERM]", term);
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "zs-search-result-link";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("p");
    heading.className = "zs-search-result-title";
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "zs-search-excerpt";
    // pagefind's excerpt is the page's own text, HTML-escaped, with <mark> around matches.
    excerpt.innerHTML = data.excerpt;
    li.appendChild(heading);
    li.appendChild(excerpt);
    return li;
  }

  function showMore(search) {
    var next = search.results.slice(search.shown, search.shown + PAGE);
    search.shown += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (search !== current) return;
      items.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = search.shown >= search.results.length;
    });
  }

  var engine = import(root.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
    return pagefind.init().then(function () { return pagefind; });
  });

  function run(term) {
    term = term.trim();
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!term) {
      current = null;
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      root.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    status.textContent = message("searching", 0, term);
    root.setAttribute("aria-busy", "true");
    return engine.then(function (pagefind) {
      return pagefind.debouncedSearch(term, {}, 250);
    }).then(function (found) {
      if (found === null) return;  // a newer query replaced this one
      var search = {results: found.results, shown: 0};
      current = search;
      list.textContent = "";
      var count = found.results.length;
      status.textContent = message(count === 0 ? "none" : count === 1 ? "one" : "many", count, term);
      return showMore(search).then(function () {
        if (search === current) root.setAttribute("aria-busy", "false");
      });
    }).catch(function () {
      status.textContent = message("failed", 0, term);
      root.setAttribute("aria-busy", "false");
    });
  }

  box.addEventListener("input", function () { run(box.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(box.value);
  });
  more.addEventListener("click", function () {
    if (current) showMore(current);
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    box.value = q;
    run(q);
  }
})();
