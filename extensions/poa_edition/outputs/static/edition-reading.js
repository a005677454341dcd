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

/* The concordance's table of BMS6 paragraphs: a filter above it (the rows
   carry what they have: ed-row-linked, ed-row-noted). It opens on the
   paragraphs that take up an earlier commitment; without script every row
   shows. */
(function () {
  "use strict";
  var CHOICES = [
    ["linked", "that take up an earlier commitment", function (r) { return r.classList.contains("ed-row-linked"); }],
    ["any", "that take up a commitment or are discussed in a note", function (r) {
      return r.classList.contains("ed-row-linked") || r.classList.contains("ed-row-noted"); }],
    ["all", "all", function () { return true; }]
  ];
  function init() {
    document.querySelectorAll("table.ed-concordance-forward").forEach(function (table, n) {
      var rows = Array.prototype.slice.call(table.querySelectorAll("tbody > tr"));
      var box = document.createElement("p");
      box.className = "ed-filter no-search";
      var label = document.createElement("label");
      var id = "ed-filter-" + n;
      label.htmlFor = id;
      label.textContent = "Show the BMS6 paragraphs ";
      var select = document.createElement("select");
      select.id = id;
      var status = document.createElement("span");
      status.className = "ed-filter-status";
      status.setAttribute("role", "status");
      CHOICES.forEach(function (choice) {
        var option = document.createElement("option");
        option.value = choice[0];
        option.textContent = choice[1] + " (" + rows.filter(choice[2]).length + ")";
        select.appendChild(option);
      });
      function apply() {
        var keep = CHOICES[select.selectedIndex][2], shown = 0;
        rows.forEach(function (row) { row.hidden = !keep(row); if (!row.hidden) shown += 1; });
        status.textContent = " " + shown + " of " + rows.length + " rows shown.";
      }
      select.addEventListener("change", apply);
      box.appendChild(label);
      box.appendChild(select);
      box.appendChild(status);
      var holder = table.closest(".pst-scrollable-table-container") || table;
      holder.parentNode.insertBefore(box, holder);
      apply();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
