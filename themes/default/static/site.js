/* plansite theme: school filter, sortable tables, print button (the search box: search.js). No outside requests. */
(function () {
  "use strict";

  // The school list: the plain page names the schools by district, a page at a time; with JS the filter searches every school
  // in a compact list (schools-list.json, from this site) and shows the matches, a page at a time
  function initFilters() {
    var form = document.getElementById("filters");
    if (!form || !window.fetch) return;
    var countEl = document.getElementById("filter-count");
    var empty = document.getElementById("no-match");
    var results = document.getElementById("filter-results");
    var list = results.querySelector(".school-list");
    var more = document.getElementById("filter-more");
    var overview = document.getElementById("by-district");
    var names = document.getElementById("school-names");
    var label = countEl ? countEl.textContent.replace(/^\s*\d+\s*/, "") : "";
    var keys = ["q", "district", "stage", "mode", "capability"];
    var STEP = 100;
    fetch(form.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
      var col = {};
      data.fields.forEach(function (f, i) { col[f] = i; });
      var schools = data.schools;
      var matches = [], shown = 0;
      var params = new URLSearchParams(window.location.search);
      keys.forEach(function (k) { if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k); });
      function item(s) {
        var li = document.createElement("li");
        li.setAttribute("data-id", s[col.id]);
        var card = document.createElement("article");
        card.className = "card school-card";
        var h = document.createElement("h3");
        h.className = "card-title";
        var a = document.createElement("a");
        a.href = form.getAttribute("data-base") + encodeURIComponent(s[col.id]) + "/";
        a.textContent = s[col.name];
        h.appendChild(a);
        if (s[col.sample]) {
          var b = document.createElement("span");
          b.className = "badge badge-sample";
          b.title = form.getAttribute("data-sample-title");
          b.textContent = form.getAttribute("data-sample");
          h.appendChild(document.createTextNode(" "));
          h.appendChild(b);
        }
        var meta = document.createElement("p");
        meta.className = "meta";
        [data.districts[s[col.district]] || s[col.district], s[col.stage], s[col.mode], s[col.state]].forEach(function (x) {
          if (!x) return;
          var span = document.createElement("span");
          span.textContent = x;
          meta.appendChild(span);
        });
        card.appendChild(h);
        card.appendChild(meta);
        li.appendChild(card);
        return li;
      }
      function showMore() {
        var end = Math.min(matches.length, shown + STEP);
        for (; shown < end; shown++) list.appendChild(item(matches[shown]));
        more.hidden = shown >= matches.length;
      }
      function apply() {
        var f = {};
        keys.forEach(function (k) { f[k] = form.elements[k].value.trim(); });
        var active = keys.some(function (k) { return f[k]; });
        var words = f.q ? f.q.split(/\s+/) : [];
        matches = !active ? [] : schools.filter(function (s) {
          return (!f.district || s[col.district] === f.district) && (!f.stage || s[col.stage] === f.stage) &&
            (!f.mode || s[col.mode] === f.mode) && (!f.capability || s[col.capabilities].indexOf(f.capability) >= 0) &&
            words.every(function (w) { return s[col.name].indexOf(w) >= 0; });
        });
        list.textContent = "";
        shown = 0;
        if (active) showMore();
        results.hidden = !active || matches.length === 0;
        overview.hidden = active;
        if (names) names.hidden = active;
        if (countEl) countEl.textContent = (active ? matches.length : schools.length) + " " + label;
        if (empty) empty.hidden = !active || matches.length > 0;
        var q = new URLSearchParams();
        keys.forEach(function (k) { if (f[k]) q.set(k, f[k]); });
        var qs = q.toString();
        window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
      }
      more.addEventListener("click", showMore);
      form.addEventListener("change", apply);
      form.addEventListener("input", apply);
      form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.hidden = false;
      apply();
    }).catch(function () { /* keep the plain list of districts */ });
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

  // Opened from disk (file://), a folder's address shows the folder, not its page: the site's own
  // links to folders point at the index.html inside (also those the filter adds later, on click)
  function initDiskLinks() {
    if (window.location.protocol !== "file:") return;
    function fix(a) {
      var u = new URL(a.href, window.location.href);
      if (u.protocol === "file:" && /\/$/.test(u.pathname)) {
        u.pathname += "index.html";
        a.href = u.href;
      }
    }
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), fix);
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href]");
      if (a) fix(a);
    }, true);
  }

  initDiskLinks();
  initFilters();
  initCaseFilters();
  initPrint();
  initSortable();
  initPrintDetails();
})();
