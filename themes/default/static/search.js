/* plansite search: the site's own box and result list (no Pagefind UI).

Which pages hold what the reader typed comes from the build's phrase index (written by
generator/output/grams.py in parts, one per district and one site-wide; the box's data-phrases
attribute lists their folders): in every part, the pages listed under every key of the query (the
query itself when it is one or two characters, else each run of three characters) are a complete
candidate set, whatever Pagefind's Chinese word cuts; a candidate's own text then confirms the
exact phrase (for a query without spaces) or every space-separated part.

On a slow link the box answers in steps: "正在搜索……" as soon as the reader types (the shards of the
typed phrase are asked for at once, the parts' page lists when the box gets focus); then the
candidates grouped by school (or district, or site section), the biggest group first, each with its
count; the first groups' texts (OPEN pages) are read and their pages listed, the other groups'
only when the reader opens them (until then they count "at most" their candidates). Within a group,
pages whose title holds it come first, then those holding it most often, then by URL. When no page
holds it the box says so at once, offers the nearest phrases the index holds (one character changed
or left out), and only then asks Pagefind for pages with some of its words, under their own heading;
the box's data-merge attribute (a JSON list of bundle paths) is handed to pagefind.mergeIndex for
those. Excerpts are cut from the page's own text at a punctuation mark or a space, with the whole
phrase marked; a result links to the section holding the phrase.

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
  var OPEN = 12;  // page texts read at once: the first groups up to this many pages; the rest on opening
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

  // the keys of a squeezed part: itself when it is one or two characters, else every run of three
  // neighbouring characters (the index's g3/ shards)
  function keysOf(flat) {
    if (flat.length <= 2) return [flat];
    var out = [];
    for (var i = 0; i + 2 < flat.length; i++) {
      var k = flat.slice(i, i + 3);
      if (out.indexOf(k) < 0) out.push(k);
    }
    return out;
  }
  function shardOf(folder, k) {
    return folder + (k.length === 3 ? "g3/" : "g/") + (k.codePointAt(0) % SHARDS) + ".json";
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
      return load(shardOf(folder, k)).then(function (shard) {
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

  // Ask for the pair shards of what is typed at once, while the box waits for the typing to pause
  function prefetch(value) {
    terms(value).forEach(function (t) {
      keysOf(squeeze(t)).forEach(function (k) {
        folders.forEach(function (folder) { load(shardOf(folder, k)).catch(function () {}); });
      });
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

  // ── the list, grouped ─────────────────────────────────────────────────────

  // r: {url, title, excerpt (HTML)} from Pagefind, or {url, title, page} from the phrase index;
  // label: what the link says (in a school's group, the page without the school's name)
  function item(r, parts, label) {
    var li = el("li", "search-result");
    var a = el("a", "search-link");
    var sub = r.page ? section(r.page, parts) : null;
    a.href = r.url + (sub ? "#" + sub[0] : "");
    var title = el("span", "search-title");
    title.textContent = label || r.title || r.url;
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

  function byPath(a, b) { return a.path < b.path ? -1 : (a.path > b.path ? 1 : 0); }

  // title holds it first, then the most hits, then the URL
  function rank(a, b) {
    return (b.titled - a.titled) || (b.hits - a.hits) || byPath(a, b);
  }

  // The group a page is listed in: its school's or district's home (/schools/<id>/), else the
  // site's section (/capabilities/, /rubrics/ …)
  function groupOf(path) {
    var seg = path.split("/").filter(Boolean);
    if ((seg[0] === "schools" || seg[0] === "districts") && seg.length > 1) return "/" + seg[0] + "/" + seg[1] + "/";
    return seg.length ? "/" + seg[0] + "/" : "/";
  }

  // every part's candidates, [{folder, id, path, title, group, label}] in URL order; a part's list
  // of pages is read only when it has candidates
  function found(parts) {
    return Promise.all(folders.map(function (folder) {
      return candidates(folder, parts).then(function (ids) {
        if (!ids.length) return [];
        return load(folder + "pages.json").then(function (pages) {
          if (!pages.titles) {
            pages.titles = {};
            pages.forEach(function (p) { pages.titles[p[0]] = p[1]; });
          }
          return ids.map(function (id) {
            var path = pages[id][0], group = groupOf(path);
            return { folder: folder, id: id, path: path, title: pages[id][1], group: group,
                     label: pages.titles[group] || "" };
          });
        });
      });
    })).then(function (lists) { return [].concat.apply([], lists).sort(byPath); });
  }

  // Candidates by group, the biggest group first: [{key, label, items, pages, state}]
  function grouped(cands) {
    var by = {}, out = [];
    cands.forEach(function (c) {
      if (!by[c.group]) { by[c.group] = { key: c.group, label: c.label || d.other || c.group, items: [], pages: [], state: "wait" }; out.push(by[c.group]); }
      by[c.group].items.push(c);
    });
    out.sort(function (a, b) { return (b.items.length - a.items.length) || (a.key < b.key ? -1 : (a.key > b.key ? 1 : 0)); });
    return out;
  }

  function counted(g) { return g.state === "done" ? g.pages.length : g.items.length; }

  // The header: how many pages hold it (those read), in how many groups, and how many more may
  // (the candidates of the groups not yet opened: pages holding every pair of the phrase, a few
  // of which may not hold the phrase itself); said to screen readers once no group is being read
  function head(view) {
    var n = 0, maybe = 0, groups = 0, closed = 0;
    view.groups.forEach(function (g) {
      if (g.state === "done") { n += g.pages.length; if (g.pages.length) groups++; }
      else { maybe += g.items.length; closed++; }
    });
    view.head.textContent = say(d.found, { n: n, q: view.query }) + (groups > 1 ? say(d.groups, { g: groups }) : "")
      + (maybe ? say(d.unchecked, { m: maybe, g: closed }) : "");
    if (!view.started) return;
    var busy = view.extending || view.groups.some(function (g) { return g.state === "loading"; });
    if (!busy && !n && !maybe) return none(view.query, view.parts, view.mine);  // every candidate read: none holds it
    drawer.setAttribute("data-state", busy ? "partial" : "done");
    if (!busy) status.textContent = view.head.textContent;
  }

  // When the groups read so far hold few pages (their candidates did not hold the phrase), read
  // the next groups too, up to twice OPEN candidates in all
  function more(view) {
    if (view.mine !== asked) return;
    var held = 0, read = 0;
    view.groups.forEach(function (g) { if (g.state === "done") { held += g.pages.length; read += g.items.length; } });
    var next = view.groups.filter(function (g) { return g.state === "wait"; })[0];
    if (!next || held >= OPEN / 2 || read >= 2 * OPEN) {
      view.extending = false;
      head(view);
      return;
    }
    next.open = next.node.open = true;
    return fill(view, next).then(function () { return more(view); });
  }

  // A group's page texts, a batch at a time: the pages that hold the query, ranked
  function fill(view, g) {
    if (g.state !== "wait") return g.ready;
    g.state = "loading";
    function batch(from) {
      if (view.mine !== asked) return;
      var slice = g.items.slice(from, from + BATCH);
      return Promise.all(slice.map(function (c) { return load(c.folder + "t/" + c.id + ".json"); })).then(function (texts) {
        if (view.mine !== asked) return;
        texts.forEach(function (page, i) {
          var c = slice[i], title = c.title;
          if (!holdsAll(page.x + " " + title, view.parts)) return;
          g.pages.push({ path: c.path, url: pageUrl(ROOT + c.path.replace(/^\//, "")), title: title, page: page,
                         titled: holdsAll(title, view.parts) ? 1 : 0, hits: hits(page.x, view.parts) });
        });
        g.pages.sort(rank);
        if (from + BATCH < g.items.length) { draw(view, g); return batch(from + BATCH); }
        g.state = "done";
        draw(view, g);
      });
    }
    g.ready = batch(0);
    return g.ready;
  }

  // in a school's or district's group, a page's title without the school's name after " · "
  function short(g, title) {
    var cut = title.lastIndexOf(" · ");
    return g.key.split("/").length > 3 && cut > 0 ? title.slice(0, cut) : title;
  }

  function draw(view, g) {
    var box = g.node;
    if (!box) {
      box = g.node = el("details", "search-group");
      box.open = g.open;
      box.addEventListener("toggle", function () {
        if (box.open && g.state === "wait") { fill(view, g); draw(view, g); }
      });
    }
    box.innerHTML = "";
    var sum = el("summary", "search-group-head");
    var name = el("span", "search-group-name");
    name.textContent = g.label;
    var n = el("span", "search-group-count");
    n.textContent = say(g.state === "done" ? d.groupCount : d.groupMaybe, { n: counted(g) });
    sum.appendChild(name);
    sum.appendChild(n);
    box.appendChild(sum);
    if (g.pages.length) {
      var ol = el("ol", "search-list");
      g.pages.forEach(function (r) { ol.appendChild(item(r, view.parts, short(g, r.title))); });
      box.appendChild(ol);
    }
    if (g.state === "loading") {
      var wait = el("p", "search-group-wait");
      wait.textContent = d.loading;
      box.appendChild(wait);
    }
    if (view.mine === asked) head(view);
  }

  // Feedback as soon as the reader types: the drawer says it is searching
  function searching(query) {
    drawer.innerHTML = "";
    var p = el("p", "search-count");
    p.textContent = d.loading;
    drawer.appendChild(p);
    drawer.setAttribute("data-state", "searching");
    drawer.hidden = false;
  }

  function show(query, parts, cands, mine) {
    var view = { query: query, parts: parts, mine: mine, groups: grouped(cands) };
    drawer.innerHTML = "";
    view.head = el("p", "search-count");
    drawer.appendChild(view.head);
    var list = el("div", "search-groups");
    drawer.appendChild(list);
    // the first groups, up to OPEN pages (at least one group), are read at once; the rest when opened
    var budget = OPEN;
    view.groups.forEach(function (g, i) {
      g.open = i === 0 || g.items.length <= budget;
      if (g.open) budget -= g.items.length;
      if (budget <= 0) budget = -1;
      draw(view, g);
      list.appendChild(g.node);
    });
    view.started = view.extending = true;
    Promise.all(view.groups.filter(function (g) { return g.open; }).map(function (g) { return fill(view, g); }))
      .then(function () { return more(view); });
    view.groups.forEach(function (g) { draw(view, g); });
    drawer.hidden = false;
  }

  // No page holds it: say so at once, with the nearest phrases the index holds, then (when
  // published) Pagefind's pages with some of its words
  function none(query, parts, mine) {
    drawer.innerHTML = "";
    var head = el("p", "search-count");
    head.textContent = say(d.none, { q: query });
    drawer.appendChild(head);
    status.textContent = head.textContent;
    drawer.setAttribute("data-state", "done");
    drawer.hidden = false;
    if (DISK && d.offline) {
      var note = el("p", "search-offline-note");
      note.textContent = d.offline;
      drawer.appendChild(note);
    }
    var spot = el("div", "search-suggest");
    drawer.appendChild(spot);
    suggest(parts).then(function (phrases) {
      if (mine !== asked || !phrases.length) return;
      var p = el("p", "search-suggest-line");
      p.appendChild(document.createTextNode(d.suggest || ""));
      phrases.forEach(function (phrase, i) {
        var b = el("button", "search-suggestion");
        b.type = "button";
        b.textContent = phrase;
        b.addEventListener("click", function () {
          input.value = phrase;
          clear.hidden = false;
          searching(phrase);
          run(phrase);
          input.focus();
        });
        if (i) p.appendChild(document.createTextNode(" "));
        p.appendChild(b);
      });
      spot.appendChild(p);
    }).catch(function () {});
    related(query, mine).then(function (others) {
      if (mine !== asked || !others.length) return;
      var h = el("p", "search-related-head");
      h.textContent = d.related;
      drawer.appendChild(h);
      var rel = el("ol", "search-list search-related");
      others.slice(0, 10).forEach(function (r) { rel.appendChild(item(r, parts)); });
      drawer.appendChild(rel);
    }).catch(function () {});
  }

  // ── "did you mean" ────────────────────────────────────────────────────────

  // The phrases one edit away from a one-part query that the index holds: one character changed
  // (where the query's keys show what may follow the characters before it) or one inside it left out.
  // Scored from the shards the query has already loaded (the pages listed under every key whose
  // shard is here), the best few then checked against every key; at most three, a changed
  // character before a left-out one, then the most pages.
  function suggest(parts) {
    var q = parts.length === 1 ? squeeze(parts[0]) : "";
    if (q.length < 2) return Promise.resolve([]);
    var chars = q.split(""), K = chars.length >= 3 ? 3 : 2, needed = {};
    keysOf(q).forEach(function (k) { needed[k.codePointAt(0) % SHARDS] = true; });
    return Promise.all(folders.map(function (folder) {
      return Promise.all(keysOf(q).map(function (k) { return load(shardOf(folder, k)); })).then(function (shards) {
        var all = {};
        shards.forEach(function (s) { Object.keys(s).forEach(function (k) { if (k.length === K) all[k] = s[k]; }); });
        return all;
      });
    })).then(function (indexes) {
      var tried = {}, scored = [];
      function score(phrase, kind) {
        if (tried[phrase] !== undefined || phrase === q || phrase.length < K) return;
        var n = 0;
        indexes.forEach(function (index) {
          var set = null;
          for (var i = 0; i + K <= phrase.length; i++) {
            var k = phrase.slice(i, i + K);
            if (!needed[k.codePointAt(0) % SHARDS]) continue;
            var ids = Object.prototype.hasOwnProperty.call(index, k) ? decode(index[k]) : [];
            if (set === null) set = ids;
            else {
              var has = {};
              ids.forEach(function (x) { has[x] = true; });
              set = set.filter(function (x) { return has[x]; });
            }
            if (!set.length) break;
          }
          n += set ? set.length : 0;
        });
        tried[phrase] = n;
        if (n) scored.push([phrase, n, kind]);
      }
      for (var i = K - 1; i < chars.length; i++) {
        var before = chars.slice(i - K + 1, i).join("");
        indexes.forEach(function (index) {
          Object.keys(index).forEach(function (k) {
            var x = k.slice(K - 1);
            if (k.slice(0, K - 1) === before && x !== chars[i] && /[\u4e00-\u9fff]/.test(x)) {
              score(chars.slice(0, i).join("") + x + chars.slice(i + 1).join(""), 0);
            }
          });
        });
      }
      if (chars.length > K) {
        // a character left out inside it (leaving out the first or last would offer a fragment)
        for (var j = 1; j + 1 < chars.length; j++) score(chars.slice(0, j).concat(chars.slice(j + 1)).join(""), 1);
      }
      scored.sort(function (a, b) { return (a[2] - b[2]) || (b[1] - a[1]) || (a[0] < b[0] ? -1 : 1); });
      var best = scored.slice(0, 5).map(function (s) { return s[0]; });
      return Promise.all(best.map(function (phrase) {
        return Promise.all(folders.map(function (folder) { return candidates(folder, [phrase]); })).then(function (lists) {
          return lists.reduce(function (n, l) { return n + l.length; }, 0) ? phrase : null;
        });
      })).then(function (ok) { return ok.filter(Boolean).slice(0, 3); });
    });
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
    if (drawer.getAttribute("data-state") !== "searching") searching(query);
    found(parts).then(function (cands) {
      if (mine !== asked) return;
      if (cands.length) show(query, parts, cands, mine);
      else none(query, parts, mine);
    }).catch(function () {
      if (mine === asked) { drawer.hidden = false; drawer.textContent = d.failed || ""; drawer.setAttribute("data-state", "done"); }
    });
  }
  function reset() {
    asked++;
    drawer.hidden = true;
    drawer.innerHTML = "";
    drawer.removeAttribute("data-state");
    status.textContent = "";
  }

  var timer = null;
  input.addEventListener("input", function () {
    clear.hidden = !input.value;
    window.clearTimeout(timer);
    if (!input.value.trim()) return reset();
    asked++;  // what an earlier query still fetches is not shown
    searching(input.value);
    var typed = input.value;
    window.setTimeout(function () { prefetch(typed); }, 0);  // after the feedback is painted
    timer = window.setTimeout(function () { run(input.value); }, 200);
  });
  input.addEventListener("focus", function () {
    if (drawer.firstChild) drawer.hidden = false;
    window.setTimeout(function () {  // small, and wanted by any query that finds pages
      folders.forEach(function (folder) { load(folder + "pages.json").catch(function () {}); });
    }, 0);
  });

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
