// Sortable tables and charts. Loads the Vega bundle only on pages that have a chart,
// from this site (never a CDN), so pages without charts stay light on slow connections.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var bundle = here ? new URL("vendor/vega-bundle.js", here).href : null;

  function sortTables() {
    if (!window.Tablesort) return;
    document.querySelectorAll("table.labkem-sortable").forEach(function (table) {
      new window.Tablesort(table);
    });
  }

  function drawCharts() {
    var boxes = document.querySelectorAll(".labkem-chart[data-spec]");
    if (!boxes.length || !bundle) return;
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () {
      boxes.forEach(function (box) {
        var source = document.getElementById(box.getAttribute("data-spec"));
        if (!source) return;
        var spec = JSON.parse(source.textContent);
        window.vegaEmbed(box, spec, { actions: false, renderer: "svg" }).then(function () {
          box.classList.add("labkem-chart-drawn");
        }).catch(function (error) {
          box.textContent = "Grafik tidak dapat ditampilkan; angkanya ada di tabel di bawah.";
          console.warn(error);
        });
      });
    };
    document.head.appendChild(script);
  }

  // The share link carries the page's own address, which is only known in the browser.
  function shareAndPrint() {
    document.querySelectorAll("a.labkem-share[data-share-text]").forEach(function (link) {
      link.href = "https://wa.me/?text=" + encodeURIComponent(link.getAttribute("data-share-text") + " " + location.href);
    });
    document.querySelectorAll("button.labkem-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function start() { sortTables(); drawCharts(); shareAndPrint(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
