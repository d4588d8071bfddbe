/* plansite search: the site's own box and result list over Pagefind's JS API (no Pagefind UI).

Pagefind finds candidate pages by its Chinese word segmentation; this file then reads each
candidate's indexed text and keeps the pages that hold what the reader typed: the exact phrase
(for a query without spaces) or every space-separated part. Those are listed in Pagefind's order,
pages whose title holds the phrase first; candidates without it are shown only when no page holds
it, under their own heading. Excerpts are cut from the page's own text at a punctuation mark or a
space, with the whole phrase marked. Works on the results list, however many indexes are merged:
the box's data-merge attribute (a JSON list of bundle paths) is handed to pagefind.mergeIndex. */
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || !window.fetch || !window.Promise) return;
  var d = box.dataset;
  var BATCH = 12;
  var BOUNDARY = /[\s。！？；，、：（）《》“”‘’「」…—,.;:!?()]/;

  box.innerHTML = "";
  var form = el("div", "search-form");
  var input = el("input", "search-input");
  input.type = "search";
  input.id = "search-input";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("enterkeyhint", "search");
  input.placeholder = d.placeholder || "";
  input.setAttribute("aria-label", box.getAttribute("aria-label") || "");
  input.setAttribute("aria-controls", "search-drawer");
  var clear = el("button", "search-clear");
  clear.type = "button";
  clear.textContent = d.clear || "×";
  clear.hidden = true;
  form.appendChild(input);
  form.appendChild(clear);
  var status = el("p", "search-status visually-hidden");
  status.setAttribute("role", "status");
  var drawer = el("div", "search-drawer");
  drawer.id = "search-drawer";
  drawer.hidden = true;
  box.appendChild(form);
  box.appendChild(status);
  box.appendChild(drawer);

  function el(tag, cls) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    return node;
  }

  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  var engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(d.bundle + "pagefind.js").then(function (pf) {
        var parts = JSON.parse(d.merge || "[]");
        return Promise.resolve(pf.options({ excerptLength: 30 }))
          .then(function () { return Promise.all(parts.map(function (p) { return pf.mergeIndex(p); })); })
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return engine;
  }

  // ── matching and excerpts on the page's own text ──────────────────────────

  function squeeze(text) { return text.replace(/\s+/g, "").toLowerCase(); }

  function terms(query) {
    return query.trim().split(/\s+/).filter(Boolean);
  }

  // Pagefind joins blocks with an ASCII ". " even between Chinese sentences: not the text's own
  function ownText(content) {
    return content.replace(/([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\. /g, "$1 ");
  }

  // The raw start and end of `term` in text, ignoring white space and case, or null
  function locate(text, term, from) {
    var want = squeeze(term);
    if (!want) return null;
    var flat = "", at = [];
    for (var i = from || 0; i < text.length; i++) {
      if (/\s/.test(text[i])) continue;
      flat += text[i].toLowerCase();
      at.push(i);
    }
    var k = flat.indexOf(want);
    return k < 0 ? null : [at[k], at[k + want.length - 1] + 1];
  }

  function holdsAll(text, parts) {
    var flat = squeeze(text);
    return parts.every(function (t) { return flat.indexOf(squeeze(t)) >= 0; });
  }

  function startAtWord(text, pos, reach) {
    for (var i = pos - 1; i >= Math.max(0, pos - reach); i--) {
      if (BOUNDARY.test(text[i])) return i + 1;
    }
    return pos - reach <= 0 ? 0 : pos;
  }

  function endAtWord(text, pos, reach) {
    for (var i = pos; i < Math.min(text.length, pos + reach); i++) {
      if (/[。！？；，\s]/.test(text[i])) return i + 1;
    }
    return Math.min(text.length, pos + reach);
  }

  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // An excerpt around the first hit, starting at a word, every hit of every part marked
  function excerpt(text, parts) {
    var first = locate(text, parts[0]) || [0, 0];
    var start = startAtWord(text, first[0], 36);
    var end = endAtWord(text, Math.max(first[1], start + 48), 24);
    var piece = text.slice(start, end).trim();
    var marks = [];
    parts.forEach(function (t) {
      var from = 0, hit;
      while ((hit = locate(piece, t, from))) { marks.push(hit); from = hit[1]; }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var html = "", pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      html += escape(piece.slice(pos, m[0])) + "<mark>" + escape(piece.slice(m[0], m[1])) + "</mark>";
      pos = m[1];
    });
    html += escape(piece.slice(pos));
    return (start > 0 ? "…" : "") + html + (end < text.length ? "…" : "");
  }

  // The section (sub-result) that holds the phrase, for a link straight to it
  function section(data, parts) {
    var subs = data.sub_results || [];
    for (var i = 0; i < subs.length; i++) {
      var plain = (subs[i].excerpt || "").replace(/<[^>]+>/g, "");
      if (subs[i].url !== data.url && (holdsAll(subs[i].title || "", parts) || holdsAll(plain, parts))) return subs[i];
    }
    return null;
  }

  // ── the list ──────────────────────────────────────────────────────────────

  function item(data, parts) {
    var li = el("li", "search-result");
    var a = el("a", "search-link");
    var sub = parts ? section(data, parts) : null;
    a.href = sub ? sub.url : data.url;
    var title = el("span", "search-title");
    title.textContent = (data.meta && data.meta.title) || data.url;
    a.appendChild(title);
    if (sub && sub.title && sub.title !== title.textContent) {
      var where = el("span", "search-where");
      where.textContent = sub.title;
      a.appendChild(where);
    }
    li.appendChild(a);
    var p = el("p", "search-excerpt");
    p.innerHTML = parts ? excerpt(data.text, parts) : data.excerpt;
    li.appendChild(p);
    return li;
  }

  function render(query, parts, exact, others, done) {
    drawer.innerHTML = "";
    var head = el("p", "search-count");
    var total = exact.length;
    head.textContent = total ? say(d.found, { n: total, q: query }) : (done ? say(d.none, { q: query }) : d.loading);
    drawer.appendChild(head);
    if (total) {
      var ol = el("ol", "search-list");
      exact.forEach(function (r) { ol.appendChild(item(r, parts)); });
      drawer.appendChild(ol);
    } else if (done && others.length) {
      var h = el("p", "search-related-head");
      h.textContent = d.related;
      drawer.appendChild(h);
      var rel = el("ol", "search-list search-related");
      others.slice(0, 10).forEach(function (r) { rel.appendChild(item(r, null)); });
      drawer.appendChild(rel);
    }
    drawer.hidden = false;
    if (done) status.textContent = head.textContent;
  }

  var asked = 0;
  function run(query) {
    var mine = ++asked;
    var parts = terms(query);
    if (!parts.length) return reset();
    pagefind().then(function (pf) { return pf.search(query); }).then(function (search) {
      if (mine !== asked || !search) return;
      var results = search.results, exact = [], others = [], titled = 0;
      function batch(from) {
        if (mine !== asked) return;
        var slice = results.slice(from, from + BATCH);
        return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
          if (mine !== asked) return;
          datas.forEach(function (data) {
            data.text = ownText(data.content || "");
            var title = (data.meta && data.meta.title) || "";
            if (holdsAll(data.text + " " + title, parts)) {
              if (holdsAll(title, parts)) exact.splice(titled++, 0, data); else exact.push(data);
            } else {
              others.push(data);
            }
          });
          var done = from + BATCH >= results.length;
          render(query, parts, exact, others, done);
          if (!done) return batch(from + BATCH);
        });
      }
      return batch(0);
    }).catch(function () {
      if (mine === asked) { drawer.hidden = false; drawer.textContent = d.failed || ""; }
    });
  }

  function reset() {
    asked++;
    drawer.hidden = true;
    drawer.innerHTML = "";
    status.textContent = "";
  }

  var timer = null;
  input.addEventListener("input", function () {
    clear.hidden = !input.value;
    window.clearTimeout(timer);
    if (!input.value.trim()) return reset();
    timer = window.setTimeout(function () { run(input.value); }, 200);
  });
  input.addEventListener("focus", function () { pagefind(); if (drawer.firstChild) drawer.hidden = false; });

  function links() { return Array.prototype.slice.call(drawer.querySelectorAll("a.search-link")); }

  function wipe() {
    input.value = "";
    clear.hidden = true;
    reset();
    input.focus();
  }
  clear.addEventListener("click", wipe);

  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      window.clearTimeout(timer);
      var first = links()[0];
      if (first) window.location.href = first.href;
      else if (input.value.trim()) run(input.value);
    } else if (e.key === "ArrowDown") {
      var go = links()[0];
      if (go) { e.preventDefault(); go.focus(); }
    } else if (e.key === "Escape") {
      e.preventDefault();
      wipe();
    }
  });

  drawer.addEventListener("keydown", function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (i < 0) return;
      e.preventDefault();
      var next = i + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus(); else if (next < all.length) all[next].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      wipe();
    }
  });

  // Clicking elsewhere folds the results away (the query stays; focus brings them back)
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) drawer.hidden = true;
  });

  // "/" focuses the search box from anywhere, as on many public sites
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) return;
    e.preventDefault();
    input.focus();
  });
})();
