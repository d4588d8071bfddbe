/* plansite dashboards: draw each chart from the figure JSON in the page, with the site's own
   copy of plotly.js. Each chart is already in the page as a still drawing made at build time, and
   the tables under the charts hold every number, so the page is complete before (or without)
   plotly: it is fetched only once a chart comes near the screen, and on a data-saving connection
   only when the reader asks for it; the interactive chart then replaces the still one. No outside
   requests. */
(function () {
  "use strict";

  var root = document.querySelector("[data-plotly-src]");
  if (!root) return;
  var charts = Array.prototype.slice.call(root.querySelectorAll(".chart[data-figure]"));
  if (!charts.length) return;
  var configEl = document.getElementById("plotly-config");
  var config = configEl ? JSON.parse(configEl.textContent) : {};
  var loading = null;

  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.Plotly) return resolve(window.Plotly);
        var s = document.createElement("script");
        s.src = root.getAttribute("data-plotly-src");
        s.async = true;
        s.onload = function () { window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")); };
        s.onerror = function () { reject(new Error("plotly.js did not load")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function draw(div) {
    if (div.hasAttribute("data-state")) return;
    div.setAttribute("data-state", "loading");
    // the still drawing made at build time gives way to the interactive chart, and comes back if it fails
    var still = div.querySelector(".chart-static");
    loadPlotly().then(function (Plotly) {
      var fig = JSON.parse(document.getElementById(div.getAttribute("data-figure")).textContent);
      if (still) {
        div.style.height = div.getAttribute("data-height") + "px";
        div.removeChild(still);
      }
      return Plotly.newPlot(div, fig.data, fig.layout, config);
    }).then(function () {
      div.setAttribute("data-state", "drawn");
      var png = document.querySelector('[data-png="' + div.id + '"]');
      if (png) png.hidden = false;
    }, function () {
      if (still && !still.parentNode) {
        if (window.Plotly) window.Plotly.purge(div);
        div.textContent = "";
        div.style.height = "";
        div.appendChild(still);
      }
      div.setAttribute("data-state", "failed");
    });
  }

  function drawAll() { charts.forEach(draw); }

  function watch() {
    if (!("IntersectionObserver" in window)) return drawAll();
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); }
      });
    }, { rootMargin: "400px 0px" });
    charts.forEach(function (c) { seen.observe(c); });
  }

  // The PNG button sits outside the chart (the chart is one role="img": nothing to focus inside)
  root.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-png]");
    if (!button || !window.Plotly) return;
    var div = document.getElementById(button.getAttribute("data-png"));
    window.Plotly.downloadImage(div, { format: "png", scale: 2, filename: button.getAttribute("data-name"),
      width: div.clientWidth, height: div.clientHeight });
  });

  // With Save-Data, or on a link the browser rates 3g or slower (slow-2g, 2g, 3g), the ~0.5 MB
  // of plotly.js waits for the reader's choice
  var net = navigator.connection || {};
  var frugal = !!net.saveData || /^(slow-2g|2g|3g)$/.test(net.effectiveType || "");
  var offer = root.querySelector(".chart-load");
  if (frugal && offer) {
    offer.hidden = false;
    charts.forEach(function (c) { c.setAttribute("data-state", "waiting"); });
    offer.querySelector("button").addEventListener("click", function () {
      offer.hidden = true;
      charts.forEach(function (c) { c.removeAttribute("data-state"); });
      watch();
    });
  } else {
    watch();
  }

  // Printing: drawn charts are redrawn at the width of an A4 page and back afterwards; charts not
  // drawn yet are left out of print (dashboard.css), their tables print in full
  var PRINT_WIDTH = 660;
  function drawn() { return charts.filter(function (c) { return c.getAttribute("data-state") === "drawn"; }); }
  window.addEventListener("beforeprint", function () {
    drawn().forEach(function (c) { window.Plotly.relayout(c, { width: PRINT_WIDTH }); });
  });
  window.addEventListener("afterprint", function () {
    drawn().forEach(function (c) { window.Plotly.relayout(c, { width: null, autosize: true }); });
  });
})();
