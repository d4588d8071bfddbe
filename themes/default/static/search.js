/* plansite search: the site's own box and result list (no Pagefind UI).

Which pages hold what the reader typed comes from the build's phrase index (written by
generator/output/grams.py in parts, one per district and one site-wide; the box's data-phrases
attribute lists their folders): in every part, the pages listed under every character pair of the
query are a complete candidate set, whatever Pagefind's Chinese word cuts; each candidate's own
text then confirms the exact phrase (for a query without spaces) or every space-separated part.
The parts' pages are taken together in URL order. Pages whose title holds it come first, then
those holding it most often, then by URL. Only when no page holds it are
Pagefind's results shown, under their own heading; the box's data-merge attribute (a JSON list of
bundle paths) is handed to pagefind.mergeIndex for those. Excerpts are cut from the page's own
text at a punctuation mark or a space, with the whole phrase marked; a result links to the section
holding the phrase.

The box's folders are relative to the site's root, which is found from this script's own URL
(static/search.js), so the site works under any path. Opened from disk (file://), the browser lets
a page fetch nothing: the phrase index is then read from the .js twin of each file (a <script>
that calls plansiteIndex), and Pagefind, which can only fetch, is left out (the box says so). */
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || !window.fetch || !window.Promise) return;
  var d = box.dataset;
  var me = document.currentScript;
  var ROOT = new URL("../", (me && me.src) || window.location.href).href;
  var DISK = window.location.protocol === "file:";
  function at(folder) { return new URL(folder, ROOT).href; }
  // from disk, a folder's address shows the folder: a result links the index.html inside
  function pageUrl(url) { return DISK && /\/$/.test(url) ? url + "index.html" : url; }
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
      engine = import(at(d.bundle || "pagefind/") + "pagefind.js").then(function (pf) {
        var parts = JSON.parse(d.merge || "[]").map(at);
        return Promise.resolve(pf.options({ excerptLength: 30, baseUrl: new URL(ROOT).pathname }))
          .then(function () { return Promise.all(parts.map(function (p) { return pf.mergeIndex(p); })); })
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return engine;
  }

  // ── the phrase index ─────────────────────────────────────────────────────

  var folders = JSON.parse(d.phrases || "[]").map(at);  // the site-wide part's folder first
  var SHARDS = 64;
  var cache = {};
  var waiting = {};  // script URL → its promise's resolve, until the script has called plansiteIndex
  window.plansiteIndex = function (data) {
    var src = document.currentScript && document.currentScript.src;
    if (waiting[src]) waiting[src](data);
    delete waiting[src];
  };
  function script(path) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = path.replace(/\.json$/, ".js");
      waiting[s.src] = resolve;
      s.onload = s.onerror = function () {
        s.remove();
        if (waiting[s.src]) { delete waiting[s.src]; reject(new Error(path)); }
      };
      document.head.appendChild(s);
    });
  }
  function load(path) {
    if (!cache[path]) {
      cache[path] = DISK ? script(path) : fetch(path).then(function (r) {
        if (!r.ok) throw new Error(path + " " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  // the single character, or every neighbouring pair, of a squeezed part
  function keysOf(flat) {
    if (flat.length === 1) return [flat];
    var out = [];
    for (var i = 0; i + 1 < flat.length; i++) {
      var k = flat.slice(i, i + 2);
      if (out.indexOf(k) < 0) out.push(k);
    }
    return out;
  }

  function decode(list) {
    var ids = [], last = 0;
    (list || "").split(",").forEach(function (gap) {
      if (gap) { last += parseInt(gap, 36); ids.push(last); }
    });
    return ids;
  }

  // one index part's page ids listed under every key of every query part (a superset of the
  // pages holding them)
  function candidates(folder, parts) {
    var keys = [];
    parts.forEach(function (t) { keysOf(squeeze(t)).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
    return Promise.all(keys.map(function (k) {
      return load(folder + "g/" + (k.codePointAt(0) % SHARDS) + ".json").then(function (shard) {
        return Object.prototype.hasOwnProperty.call(shard, k) ? decode(shard[k]) : [];
      });
    })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      var set = lists[0] || [];
      lists.slice(1).forEach(function (ids) {
        var has = {};
        ids.forEach(function (i) { has[i] = true; });
        set = set.filter(function (i) { return has[i]; });
      });
      return set;
    });
  }

  // ── matching and excerpts on the page's own text ──────────────────────────

  function squeeze(text) { return text.replace(/\s+/g, "").toLowerCase(); }

  function terms(query) {
    return query.trim().split(/\s+/).filter(Boolean);
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

  function hits(text, parts) {
    var flat = squeeze(text), n = 0;
    parts.forEach(function (t) {
      var want = squeeze(t), k = flat.indexOf(want);
      while (k >= 0) { n++; k = flat.indexOf(want, k + want.length); }
    });
    return n;
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

  // The section whose heading comes last before the first hit: [anchor, heading] or null
  function section(page, parts) {
    var first = locate(page.x, parts[0]);
    var found = null;
    (page.h || []).forEach(function (h) { if (first && h[0] <= first[0]) found = h; });
    return found ? [found[1], found[2]] : null;
  }

  // ── the list ──────────────────────────────────────────────────────────────

  // r: {url, title, excerpt (HTML)} from Pagefind, or {url, title, page} from the phrase index
  function item(r, parts) {
    var li = el("li", "search-result");
    var a = el("a", "search-link");
    var sub = r.page ? section(r.page, parts) : null;
    a.href = r.url + (sub ? "#" + sub[0] : "");
    var title = el("span", "search-title");
    title.textContent = r.title || r.url;
    a.appendChild(title);
    if (sub && sub[1] && sub[1] !== title.textContent) {
      var where = el("span", "search-where");
      where.textContent = sub[1];
      a.appendChild(where);
    }
    li.appendChild(a);
    var p = el("p", "search-excerpt");
    p.innerHTML = r.page ? excerpt(r.page.x, parts) : r.excerpt;
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
    } else if (done && DISK && d.offline) {
      var note = el("p", "search-offline-note");
      note.textContent = d.offline;
      drawer.appendChild(note);
    } else if (done && others.length) {
      var h = el("p", "search-related-head");
      h.textContent = d.related;
      drawer.appendChild(h);
      var rel = el("ol", "search-list search-related");
      others.slice(0, 10).forEach(function (r) { rel.appendChild(item(r, parts)); });
      drawer.appendChild(rel);
    }
    drawer.hidden = false;
    if (done) status.textContent = head.textContent;
  }

  function byPath(a, b) { return a.path < b.path ? -1 : (a.path > b.path ? 1 : 0); }

  // title holds it first, then the most hits, then the URL
  function rank(a, b) {
    return (b.titled - a.titled) || (b.hits - a.hits) || byPath(a, b);
  }

  // every part's candidates, [{folder, id, path, title}] in URL order; a part's list of pages is
  // read only when it has candidates
  function found(parts) {
    return Promise.all(folders.map(function (folder) {
      return candidates(folder, parts).then(function (ids) {
        if (!ids.length) return [];
        return load(folder + "pages.json").then(function (pages) {
          return ids.map(function (id) { return { folder: folder, id: id, path: pages[id][0], title: pages[id][1] }; });
        });
      });
    })).then(function (lists) { return [].concat.apply([], lists).sort(byPath); });
  }

  // Pagefind's own results, for a phrase no page holds
  function related(query, mine) {
    if (DISK) return Promise.resolve([]);  // Pagefind fetches its index: not from disk
    return pagefind().then(function (pf) { return pf.search(query); }).then(function (search) {
      if (mine !== asked || !search) return [];
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (datas) {
      return datas.map(function (data) {
        return { url: data.url, title: (data.meta && data.meta.title) || data.url, excerpt: data.excerpt };
      });
    });
  }

  var asked = 0;
  function run(query) {
    var mine = ++asked;
    var parts = terms(query);
    if (!parts.length) return reset();
    found(parts).then(function (ids) {
      if (mine !== asked) return;
      var exact = [];
      function finish() {
        if (exact.length) return render(query, parts, exact, [], true);
        return related(query, mine).then(function (others) {
          if (mine === asked) render(query, parts, [], others, true);
        });
      }
      function batch(from) {
        if (mine !== asked) return;
        var slice = ids.slice(from, from + BATCH);
        return Promise.all(slice.map(function (c) { return load(c.folder + "t/" + c.id + ".json"); })).then(function (texts) {
          if (mine !== asked) return;
          texts.forEach(function (page, i) {
            var c = slice[i], title = c.title;
            if (!holdsAll(page.x + " " + title, parts)) return;
            exact.push({ path: c.path, url: pageUrl(ROOT + c.path.replace(/^\//, "")), title: title, page: page,
                         titled: holdsAll(title, parts) ? 1 : 0, hits: hits(page.x, parts) });
          });
          exact.sort(rank);
          if (from + BATCH < ids.length) {
            render(query, parts, exact, [], false);
            return batch(from + BATCH);
          }
          return finish();
        });
      }
      return ids.length ? batch(0) : finish();
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
  input.addEventListener("focus", function () { if (drawer.firstChild) drawer.hidden = false; });

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
