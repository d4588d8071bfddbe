/* plansite theme: school filter, sortable tables, print button (the search box: search.js). No outside requests. */
(function () {
  "use strict";

  function initFilters() {
    var form = document.getElementById("filters");
    if (!form || !window.fetch) return;
    var countEl = document.getElementById("filter-count");
    var empty = document.getElementById("no-match");
    var label = countEl ? countEl.textContent.replace(/^\s*\d+\s*/, "") : "";
    fetch(form.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
      var byId = {};
      data.schools.forEach(function (s) { byId[s.id] = s; });
      var items = Array.prototype.slice.call(document.querySelectorAll(".school-list > li[data-id]"));
      var blocks = Array.prototype.slice.call(document.querySelectorAll(".district-block"));
      var params = new URLSearchParams(window.location.search);
      ["district", "stage", "mode", "capability"].forEach(function (k) {
        if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k);
      });
      function apply() {
        var f = {};
        ["district", "stage", "mode", "capability"].forEach(function (k) { f[k] = form.elements[k].value; });
        var shown = 0;
        items.forEach(function (li) {
          var s = byId[li.getAttribute("data-id")];
          var ok = !!s && (!f.district || s.district === f.district) && (!f.stage || s.stage === f.stage) &&
            (!f.mode || s.mode === f.mode) && (!f.capability || s.capabilities.indexOf(f.capability) >= 0);
          li.hidden = !ok;
          if (ok) shown++;
        });
        blocks.forEach(function (b) { b.hidden = !b.querySelector(".school-list > li:not([hidden])"); });
        if (countEl) countEl.textContent = shown + " " + label;
        if (empty) empty.hidden = shown > 0;
        var q = new URLSearchParams();
        Object.keys(f).forEach(function (k) { if (f[k]) q.set(k, f[k]); });
        var qs = q.toString();
        window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
      }
      form.addEventListener("change", apply);
      form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.hidden = false;
      apply();
    }).catch(function () { /* keep the plain list */ });
  }

  function initPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  // Tables marked data-sortable: column headings become buttons; the table stays plain without JS
  function initSortable() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
      var tbody = table.tBodies[0];
      if (!tbody) return;
      var section = table.closest("section") || document;
      var status = section.querySelector(".sort-status");
      var hint = section.querySelector(".sort-hint");
      if (hint) hint.hidden = false;
      var lang = document.documentElement.lang || "zh-CN";
      Array.prototype.forEach.call(tbody.rows, function (row, i) { row.setAttribute("data-order", i); });
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort]"));
      heads.forEach(function (th) {
        var label = th.textContent.trim();
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        while (th.firstChild) button.appendChild(th.firstChild);
        var icon = document.createElement("span");
        icon.className = "sort-icon";
        icon.setAttribute("aria-hidden", "true");
        button.appendChild(icon);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var numeric = th.getAttribute("data-sort") === "num";
          var now = th.getAttribute("aria-sort");
          var dir = now === "descending" ? "ascending" : now === "ascending" ? "descending"
            : (numeric ? "descending" : "ascending");
          heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", dir);
          var col = th.cellIndex;
          var value = function (row) {
            var cell = row.cells[col];
            return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
          };
          var rows = Array.prototype.slice.call(tbody.rows);
          rows.sort(function (a, b) {
            var x = value(a), y = value(b);
            var order = a.getAttribute("data-order") - b.getAttribute("data-order");
            if (x === "" || y === "") return x === y ? order : (x === "" ? 1 : -1);  // unknowns last
            var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang);
            if (dir === "descending") c = -c;
            return c || order;
          });
          rows.forEach(function (row) { tbody.appendChild(row); });
          if (status) status.textContent = (table.getAttribute(dir === "ascending" ? "data-asc" : "data-desc") || "")
            .replace("{col}", label);
        });
      });
    });
  }

  // Printing shows the reasons and item scores folded into <details> on screen
  function initPrintDetails() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details.why:not([open]), details.review-scores:not([open])"),
        function (d) { d.open = true; opened.push(d); });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  function initCaseFilters() {
    var form = document.getElementById("case-filters");
    if (!form) return;
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll(".case-list > li.case"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".case-group"));
    var countEl = document.getElementById("case-count");
    var label = countEl ? countEl.textContent.replace(/^\s*\d+\s*/, "") : "";
    var none = document.getElementById("case-none");
    var keys = ["kind", "point", "subject", "stage"];
    var params = new URLSearchParams(window.location.search);
    keys.forEach(function (k) { if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k); });
    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var ok = keys.every(function (k) { var v = form.elements[k].value; return !v || li.getAttribute("data-" + k) === v; });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (g) { g.hidden = !g.querySelector("li.case:not([hidden])"); });
      if (countEl) countEl.textContent = shown + " " + label;
      if (none) none.hidden = shown > 0;
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  initFilters();
  initCaseFilters();
  initPrint();
  initSortable();
  initPrintDetails();
})();
