// Material for MkDocs requests the whole search index when a page loads and builds it in a worker, and it
// fetches sitemap.xml for every <link rel="alternate"> of the page to drive its own language selector. With a
// city-wide archive the index is tens of MB a language: a phone would download it and spend seconds of CPU on
// every page it opens, for a search most visitors never use. This script runs before Material's and holds
// the index request back until the visitor opens the search (the search button, a keyboard shortcut, the
// box's accesskey: each focuses or opens it); the sitemap requests are never sent, because this site's
// language switch links every page's counterpart directly.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var SITEMAP = /\/sitemap\.xml$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.kcgUrl = String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments, url = this.kcgUrl || "";
    if (SITEMAP.test(url)) return undefined;
    if (!wanted && INDEX.test(url)) {
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("md-search__input")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) release();
  });
  // A link with a query (?q=, Material's shared searches) opens the search at once.
  if (/[?&]q=/.test(location.search)) release();
})();
