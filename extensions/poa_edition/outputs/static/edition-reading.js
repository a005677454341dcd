/* The tab title names the paragraph a reader lands on: "BMS6-38 · <page>"
   for bms6/s1.html#BMS6-38 (from p/BMS6-38.html, a link or a bookmark), and
   again when the address's #ID changes on the page. The address keeps its
   anchor, so a bookmark names and opens the paragraph. */
(function () {
  "use strict";
  var base = document.title;
  function name() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = ""; }
    var el = id && document.getElementById(id);
    var block = el && el.classList && el.classList.contains("ed-para") ? el : null;
    document.title = block ? id + " \u00B7 " + base : base;
  }
  function init() {
    base = document.title;
    name();
    window.addEventListener("hashchange", name);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
