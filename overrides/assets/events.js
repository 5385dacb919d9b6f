/* Keeps event listings true after the site was built (hooks/events.py).
   The build splits events into upcoming and past at build time; a page built
   weeks ago would still show a finished event as upcoming. Here, in the
   visitor's browser, every card in an "upcoming" or "next" list whose end
   (data-event-end, UTC) has passed moves to the "past" list of the same
   data-events-group on the page (newest first), or is dropped when the page
   has none; empty-list messages and the "next N" limit follow. Without
   JavaScript the build-time split shows. */
(function () {
  "use strict";
  var now = Date.now();
  var slice = Array.prototype.slice;

  function cards(list) {
    return slice.call(list.querySelectorAll("[data-event-id]"));
  }

  function refresh(list) {
    var items = cards(list);
    var limit = parseInt(list.getAttribute("data-events-limit") || "0", 10);
    if (limit) {
      items.forEach(function (card, i) { card.hidden = i >= limit; });
    }
    var empty = list.querySelector("[data-events-empty]");
    if (empty) {
      empty.hidden = items.length > 0;
    }
  }

  slice.call(document.querySelectorAll('[data-events-list="upcoming"], [data-events-list="next"]')).forEach(function (list) {
    var group = list.getAttribute("data-events-group");
    var past = slice.call(document.querySelectorAll('[data-events-list="past"]')).filter(function (p) {
      return p.getAttribute("data-events-group") === group;
    })[0];
    cards(list).forEach(function (card) {
      var end = Date.parse(card.getAttribute("data-event-end"));
      if (isNaN(end) || end > now) {
        return;
      }
      card.parentNode.removeChild(card);
      if (!past) {
        return;
      }
      var start = card.getAttribute("data-event-start");
      var older = cards(past).filter(function (other) {
        return other.getAttribute("data-event-start") < start;
      })[0];
      card.hidden = false;
      card.setAttribute("data-events-moved", "");
      past.querySelector("ol").insertBefore(card, older || null);
      refresh(past);
    });
    refresh(list);
  });
})();
