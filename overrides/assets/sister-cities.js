/* Sister-city directory: filters and column sorting on top of the table the
   server renders (overrides/partials/sister-directory.html). Without this
   script the table and the by-country/tier/side/year pages still work.
   Filters are kept in the address (?country=JP&tier=sister_city) so a filtered
   view can be shared. */
(function () {
  "use strict";
  var box = document.querySelector("[data-sister-directory]");
  if (!box || !box.querySelector) return;
  var form = box.querySelector("[data-sister-filters]");
  var table = box.querySelector("table");
  var count = box.querySelector("[data-sister-count]");
  if (!form || !table || !table.tBodies.length) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var facets = ["country", "tier", "side", "year"];
  var lang = document.documentElement.lang || "en";
  var sortKey = "signed", ascending = true;

  function apply(updateAddress) {
    var shown = 0, params = new URLSearchParams(location.search);
    rows.forEach(function (row) {
      var visible = facets.every(function (facet) {
        var wanted = form.elements[facet].value;
        return !wanted || row.getAttribute("data-" + facet) === wanted;
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    facets.forEach(function (facet) {
      var value = form.elements[facet].value;
      if (value) params.set(facet, value); else params.delete(facet);
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", shown).replace("{total}", rows.length);
    if (updateAddress && history.replaceState) {
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  function sortBy(key) {
    ascending = key === sortKey ? !ascending : true;
    sortKey = key;
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
      var order = x.localeCompare(y, lang, { numeric: true }) ||
        a.getAttribute("data-signed").localeCompare(b.getAttribute("data-signed"));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.getAttribute("data-sort") === key) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var key = th.getAttribute("data-sort");
    if (!key) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    button.title = count.getAttribute("data-sort-label") + " " + th.textContent;
    button.addEventListener("click", function () { sortBy(key); });
    th.textContent = "";
    th.appendChild(button);
  });

  var initial = new URLSearchParams(location.search);
  facets.forEach(function (facet) {
    var select = form.elements[facet], wanted = initial.get(facet);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  apply(false);
})();
