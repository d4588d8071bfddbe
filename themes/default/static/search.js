/* plansite search: the site's own box and result list (no Pagefind UI).

Which pages hold what the reader typed comes from the build's phrase index (written by
generator/output/grams.py in parts, one per district and one site-wide; the box's data-phrases
attribute lists their folders): in every part, the pages listed under every character pair of the
query are a complete candidate set, whatever Pagefind's Chinese word cuts; each candidate's own
text then confirms the exact phrase (for a query without spaces) or every space-separated part.
The parts' pages are taken together in URL order. Pages whose title holds it come first, then
those holding it most often, then by URL. Only when no page holds it are
Pagefind's results shown, under their own heading, after up to three words of the index one
character away from the query ("did you mean"); results come grouped by school with the kinds of
pages each holds, and "正在搜索……" shows from the first keystroke; the box's data-merge attribute (a JSON list of
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
  var FIRST_BATCH = 4;  // the first results show as soon as a few texts are here
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

  // ── results grouped by school, each group saying what kinds of pages it holds ──

  var KINDS = JSON.parse(d.kinds || "{}");
  function kindOf(path) {
    var m = /^\/?schools\/[^\/]+\/(.*)$/.exec(path);
    if (!m) return "other";
    if (!m[1]) return "school";
    var k = /^(plan|training|cases|evidence)\//.exec(m[1]);
    return k ? (k[1] === "cases" ? "case" : k[1]) : "other";
  }
  function schoolOf(path) {
    var m = /^\/?schools\/([^\/]+)\//.exec(path);
    return m ? m[1] : "";
  }
  // [{id, name, items}] in the order of each group's best page; the city's and districts' pages last
  function grouped(exact) {
    var order = [], by = {};
    exact.forEach(function (r) {
      var id = schoolOf(r.path);
      if (!by[id]) { by[id] = { id: id, items: [] }; order.push(by[id]); }
      by[id].items.push(r);
    });
    order.forEach(function (g) {
      var home = g.items.filter(function (r) { return kindOf(r.path) === "school"; })[0];
      var title = (home || g.items[0]).title || "";
      g.name = !g.id ? (d.sitePages || "") : (home ? title : title.split(" · ").pop());
    });
    return order.filter(function (g) { return g.id; }).concat(order.filter(function (g) { return !g.id; }));
  }
  function kindsOf(items) {
    var n = {}, order = [];
    items.forEach(function (r) {
      var k = kindOf(r.path);
      if (!n[k]) { n[k] = 0; order.push(k); }
      n[k]++;
    });
    return order.map(function (k) { return (KINDS[k] || k) + " " + n[k]; }).join("、");
  }

  function render(query, parts, exact, others, done, suggestions) {
    drawer.innerHTML = "";
    var head = el("p", "search-count");
    var total = exact.length;
    var groups = grouped(exact);
    var schools = groups.filter(function (g) { return g.id; }).length;
    head.textContent = total ? say(d.found, { n: total, q: query }) + (schools ? say(d.schools, { s: schools }) : "")
      : (done ? say(d.none, { q: query }) : d.loading);
    drawer.appendChild(head);
    if (total && !done) {
      var more = el("p", "search-progress");
      more.textContent = d.loading;
      drawer.appendChild(more);
    }
    if (total) {
      var outer = el("ol", "search-groups");
      groups.forEach(function (g) {
        var li = el("li", "search-group");
        var gh = el("p", "search-group-head");
        var name = el("strong");
        name.textContent = g.name;
        gh.appendChild(name);
        var count = el("span", "search-group-count");
        count.textContent = " · " + say(d.group, { n: g.items.length }) + "（" + kindsOf(g.items) + "）";
        gh.appendChild(count);
        li.appendChild(gh);
        var ol = el("ol", "search-list");
        g.items.forEach(function (r) { ol.appendChild(item(r, parts)); });
        li.appendChild(ol);
        outer.appendChild(li);
      });
      drawer.appendChild(outer);
    }
    if (!total && done && suggestions && suggestions.length) {
      var sp = el("p", "search-suggest");
      sp.appendChild(document.createTextNode(d.suggest || ""));
      suggestions.forEach(function (word) {
        var b = el("button", "search-suggestion");
        b.type = "button";
        b.textContent = word;
        b.addEventListener("click", function () {
          input.value = word;
          clear.hidden = false;
          run(word);
          input.focus();
        });
        sp.appendChild(document.createTextNode(" "));
        sp.appendChild(b);
      });
      drawer.appendChild(sp);
    }
    if (!total && done && DISK && d.offline) {
      var note = el("p", "search-offline-note");
      note.textContent = d.offline;
      drawer.appendChild(note);
    } else if (!total && done && others.length) {
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

  // Feedback at once, before any index file has arrived
  function waitingFor() {
    drawer.innerHTML = "";
    var head = el("p", "search-count search-progress");
    head.textContent = d.loading || "";
    drawer.appendChild(head);
    drawer.hidden = false;
    status.textContent = "";
  }

  // ── "did you mean": phrases of the index one character away from a query no page holds ──

  // the pairs an index part lists that start with `c` (from the shard of c), with their page counts
  function pairsFrom(folder, c) {
    return load(folder + "g/" + (c.codePointAt(0) % SHARDS) + ".json").then(function (shard) {
      var out = {};
      Object.keys(shard).forEach(function (k) {
        if (k.length === 2 && k[0] === c) out[k] = decode(shard[k]).length;
      });
      return out;
    });
  }
  function known(c) {  // over every part: pair → pages
    return Promise.all(folders.map(function (f) { return pairsFrom(f, c); })).then(function (all) {
      var out = {};
      all.forEach(function (m) { Object.keys(m).forEach(function (k) { out[k] = (out[k] || 0) + m[k]; }); });
      return out;
    });
  }
  // Words one character from `flat` (a character changed, dropped or added at the end) whose every
  // pair the index lists, best first; each is then checked to have candidate pages
  function suggest(flat) {
    if (flat.length < 3 || flat.length > 12 || DISK) return Promise.resolve([]);
    var chars = flat.split("").filter(function (c, i, a) { return a.indexOf(c) === i; });
    return Promise.all(chars.map(known)).then(function (maps) {
      var pairs = {};
      maps.forEach(function (m) { Object.keys(m).forEach(function (k) { pairs[k] = m[k]; }); });
      var score = {};
      function consider(word) {
        if (word === flat || word.length < 2) return;
        var n = Infinity;
        for (var i = 0; i + 1 < word.length; i++) {
          var k = word.slice(i, i + 2);
          if (chars.indexOf(k[0]) < 0) return;  // a pair whose shard was not read: not offered
          n = Math.min(n, pairs[k] || 0);
        }
        if (n > 0 && n !== Infinity) score[word] = Math.max(score[word] || 0, n);
      }
      for (var i = 0; i < flat.length; i++) {
        consider(flat.slice(0, i) + flat.slice(i + 1));
        if (i > 0) {
          Object.keys(pairs).forEach(function (k) {
            if (k[0] === flat[i - 1]) consider(flat.slice(0, i) + k[1] + flat.slice(i + 1));
          });
        }
      }
      var words = Object.keys(score).sort(function (a, b) { return score[b] - score[a] || (a < b ? -1 : 1); }).slice(0, 6);
      return Promise.all(words.map(function (w) { return candidatesAll(w); })).then(function (counts) {
        return words.filter(function (w, i) { return counts[i] > 0; }).slice(0, 3);
      });
    });
  }
  function candidatesAll(word) {
    return Promise.all(folders.map(function (f) { return candidates(f, [word]); })).then(function (lists) {
      return lists.reduce(function (n, ids) { return n + ids.length; }, 0);
    });
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
        // first what the phrase index suggests (its shards are mostly here), then Pagefind's pages
        var flat = parts.length === 1 ? squeeze(parts[0]) : "";
        return suggest(flat).catch(function () { return []; }).then(function (words) {
          if (mine !== asked) return;
          if (words.length) render(query, parts, [], [], true, words);
          return related(query, mine).then(function (others) {
            if (mine === asked) render(query, parts, [], others, true, words);
          });
        });
      }
      // every candidate's text is asked for at once (the browser keeps its connections busy);
      // they are read in batches, in order, and the list grows as each batch is read
      ids.forEach(function (c) { load(c.folder + "t/" + c.id + ".json"); });
      function batch(from) {
        if (mine !== asked) return;
        var size = from ? BATCH : FIRST_BATCH;
        var slice = ids.slice(from, from + size);
        return Promise.all(slice.map(function (c) { return load(c.folder + "t/" + c.id + ".json"); })).then(function (texts) {
          if (mine !== asked) return;
          texts.forEach(function (page, i) {
            var c = slice[i], title = c.title;
            if (!holdsAll(page.x + " " + title, parts)) return;
            exact.push({ path: c.path, url: pageUrl(ROOT + c.path.replace(/^\//, "")), title: title, page: page,
                         titled: holdsAll(title, parts) ? 1 : 0, hits: hits(page.x, parts) });
          });
          exact.sort(rank);
          if (from + size < ids.length) {
            render(query, parts, exact, [], false);
            return batch(from + size);
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
    asked++;  // an answer to what was typed before is not shown
    waitingFor();
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
