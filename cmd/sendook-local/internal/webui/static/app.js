// Keeps the lists of the page live: every two seconds it fetches the page
// again and swaps in each [data-live] block that changed, leaving the open
// message (and its frame) alone.
(function () {
  "use strict";
  var blocks = document.querySelectorAll("[data-live][id]");
  if (!blocks.length) return;
  var busy = false;
  function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(location.href, { headers: { "X-Requested-With": "live" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        blocks.forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (fresh && fresh.innerHTML !== el.innerHTML) el.innerHTML = fresh.innerHTML;
        });
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  setInterval(refresh, 2000);
})();
