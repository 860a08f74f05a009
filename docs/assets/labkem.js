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

  // Filter a long village table by what is typed (name, code or district), without a round trip.
  function filterTables() {
    document.querySelectorAll("input.labkem-filter[data-table]").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-table"));
      if (!table) return;
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().trim().split(/\s+/);
        table.querySelectorAll("tbody tr").forEach(function (row) {
          var text = row.textContent.toLowerCase();
          row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
        });
      });
    });
  }

  // The village finder: loads a small index from the site on first use; names or codes, with the
  // district and regency beside each result because village names repeat.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function finder() {
    var input = document.getElementById("cari-desa");
    var list = document.getElementById("hasil-cari");
    if (!input || !list || !here) return;
    var index = null;
    var base = new URL("../", here);
    function show() {
      var query = fold(input.value.trim());
      list.innerHTML = "";
      if (query.length < 2 || !index) return;
      var digits = query.replace(/\D/g, "");
      var found = index.filter(function (row) {
        return /^\d/.test(query) ? row[0].replace(/\D/g, "").indexOf(digits) === 0 : fold(row[1]).indexOf(query) !== -1;
      }).slice(0, 30);
      found.forEach(function (row) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL("desa/" + row[0] + "/", base).href;
        link.textContent = row[1];
        item.appendChild(link);
        item.appendChild(document.createTextNode(" — Kec. " + row[2] + ", " + row[3] + " "));
        var code = document.createElement("code");
        code.textContent = row[0];
        item.appendChild(code);
        list.appendChild(item);
      });
      if (!found.length) list.innerHTML = "<li>Tidak ditemukan.</li>";
    }
    input.addEventListener("input", function () {
      if (index) return show();
      fetch(new URL(input.getAttribute("data-index"), base).href)
        .then(function (response) { return response.json(); })
        .then(function (rows) { index = rows; show(); });
    });
  }

  function start() { sortTables(); drawCharts(); shareAndPrint(); filterTables(); finder(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
