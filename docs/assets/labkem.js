// What script adds to pages that are whole without it (charts and maps are drawn at build time): sortable and
// filterable tables, the share and print buttons, the place finder, map tooltips, and tables that show they
// scroll. Served by the site itself, never from a CDN.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;

  function sortTables() {
    if (!window.Tablesort) return;
    document.querySelectorAll("table.labkem-sortable").forEach(function (table) {
      new window.Tablesort(table);
    });
  }

  // The share link carries the page's own address, which is only known in the browser.
  function shareAndPrint() {
    // the link holds the message without the address; the address is added here
    document.querySelectorAll("a.labkem-share").forEach(function (link) {
      var text = new URL(link.href).searchParams.get("text") || "";
      link.href = "https://wa.me/?text=" + encodeURIComponent(text + " " + location.href);
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

  // The place finder: Pagefind's index (pagefind/, written at build time) is loaded on first use and fetches
  // only the chunk a query needs. Each result shows its district and regency, because village names repeat.
  // A site spanning several provinces has one index per province (pagefind/KODE/), chosen in #cari-provinsi.
  function finder() {
    var input = document.getElementById("cari-desa");
    var list = document.getElementById("hasil-cari");
    var province = document.getElementById("cari-provinsi");
    if (!input || !list || !here) return;
    var base = new URL("../", here);
    var engines = {};
    var latest = 0;
    function load(folder) {
      if (!engines[folder]) {
        engines[folder] = import(new URL(folder + "pagefind.js", base).href).then(function (pagefind) {
          return pagefind.options({ baseUrl: base.pathname }).then(function () { return pagefind; });
        });
      }
      return engines[folder];
    }
    var status = document.getElementById("hasil-cari-jumlah");
    function message(text) {
      list.innerHTML = "";
      var row = document.createElement("li");
      row.textContent = text;
      list.appendChild(row);
    }
    function show(items, total, near) {
      list.innerHTML = "";
      items.forEach(function (item) {
        var row = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.meta.title.replace(/\u00b6/g, "").trim();
        row.appendChild(link);
        if (item.meta.wilayah) row.appendChild(document.createTextNode(" — " + item.meta.wilayah + " "));
        else row.appendChild(document.createTextNode(" "));
        var code = document.createElement("code");
        code.textContent = item.meta.kode || "";
        row.appendChild(code);
        list.appendChild(row);
      });
      var said = !total ? "Tidak ditemukan." : total + " hasil" + (near ? " untuk ejaan terdekat, \u201c" + near + "\u201d" : "")
        + (total > items.length ? "; " + items.length + " pertama ditampilkan, ketik lebih lengkap untuk mempersempit" : "")
        + (total ? ". Tekan Enter untuk membuka yang pertama, panah bawah untuk memilih." : "");
      if (status) status.textContent = said;
      else if (!total) message(said);
    }
    // A query that finds nothing is tried again without its last letters (Pagefind matches the start of a word),
    // so a near-miss spelling ("Mulyoreja") still finds the place ("Mulyorejo").
    function find(pagefind, query) {
      return pagefind.search(query).then(function (found) {
        var words = query.split(/\s+/);
        var last = words[words.length - 1];
        if (found && found.results.length || last.length <= 4) return { found: found, near: "" };
        var shorter = words.slice(0, -1).concat([last.slice(0, -1)]).join(" ");
        return find(pagefind, shorter).then(function (again) { return { found: again.found, near: again.near || shorter }; });
      });
    }
    var SHOWN = 30;
    function search() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (query.length < 2) { list.innerHTML = ""; if (status) status.textContent = ""; return; }
      if (province && !province.value) { message("Pilih provinsi dulu."); return; }
      load(province ? "pagefind/" + province.value + "/" : "pagefind/")
        .then(function (pagefind) { return find(pagefind, query); })
        .then(function (answer) {
          if (ticket !== latest || !answer.found) return null;
          var results = answer.found.results;
          return Promise.all(results.slice(0, SHOWN).map(function (result) { return result.data(); }))
            .then(function (items) { return { items: items, total: results.length, near: answer.near }; });
        })
        .then(function (shown) { if (shown && ticket === latest) show(shown.items, shown.total, shown.near); })
        .catch(function () { if (ticket === latest) message("Pencarian belum tersedia."); });
    }
    input.addEventListener("input", search);
    if (province) province.addEventListener("change", search);
    // the keyboard: Enter opens the first result, the arrow keys move between the results and back to the box
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (event) {
      var found = links();
      if (event.key === "Enter" && found.length) { event.preventDefault(); window.location.href = found[0].href; }
      if (event.key === "ArrowDown" && found.length) { event.preventDefault(); found[0].focus(); }
    });
    list.addEventListener("keydown", function (event) {
      var found = links();
      var at = found.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown" && at + 1 < found.length) { event.preventDefault(); found[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? found[at - 1] : input).focus(); }
    });
  }

  // Maps are drawn at build time and read without script; with it, the village under the pointer or the keyboard
  // focus gets a tooltip (its name and value, from the link's label) and an outline drawn above its neighbours.
  function mapTips() {
    var maps = document.querySelectorAll(".labkem-map");
    if (!maps.length) return;
    var tip = document.createElement("div");
    tip.className = "labkem-map-tip";
    tip.setAttribute("aria-hidden", "true");
    tip.hidden = true;
    document.body.appendChild(tip);
    maps.forEach(function (figure) {
      var svg = figure.querySelector("svg");
      var ring = null;
      function show(link, x, y) {
        // the highlight: a copy of the village's shape (a path, or a reference into the geometry file) drawn
        // over its neighbours
        var path = link.querySelector("use, path");
        if (ring && ring.parentNode) ring.parentNode.removeChild(ring);
        ring = path.cloneNode(false);
        ring.setAttribute("fill", "none");
        ring.setAttribute("stroke", "#000");
        ring.setAttribute("stroke-width", "3");
        ring.setAttribute("pointer-events", "none");
        ring.setAttribute("class", "labkem-map-ring");
        svg.appendChild(ring);
        tip.textContent = link.getAttribute("aria-label");
        tip.hidden = false;
        if (x === undefined) {
          var box = path.getBoundingClientRect();
          x = box.left + box.width / 2;
          y = box.bottom;
        }
        tip.style.left = Math.max(4, Math.min(x + window.scrollX + 12, document.documentElement.scrollWidth - tip.offsetWidth - 4)) + "px";
        tip.style.top = (y + window.scrollY + 12) + "px";
      }
      function hide() { tip.hidden = true; if (ring && ring.parentNode) ring.parentNode.removeChild(ring); }
      svg.addEventListener("pointermove", function (event) {
        var link = event.target.closest && event.target.closest("a");
        if (link && svg.contains(link)) show(link, event.clientX, event.clientY); else hide();
      });
      svg.addEventListener("pointerleave", hide);
      svg.addEventListener("focusin", function (event) {
        var link = event.target.closest && event.target.closest("a");
        if (link) show(link);
      });
      svg.addEventListener("focusout", hide);
    });
  }

  // The heading a table sits under: what a screen reader names the table's scrolling box by.
  function headingBefore(element) {
    for (var node = element; node && node !== document.body; node = node.parentElement) {
      for (var before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return before.textContent.replace(/\u00b6/g, "").trim();
      }
    }
    return "";
  }

  // A table wider than its box scrolls inside it. Such a box becomes a keyboard stop (arrow keys scroll it), a
  // region named after its table, and shows that it scrolls (labkem.css); it stops being one when the window
  // grows wide enough for the whole table.
  function scrollingTables() {
    var boxes = document.querySelectorAll(".labkem-table-wrap, .md-typeset__scrollwrap");
    var watch = window.ResizeObserver ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { mark(entry.target); });
    }) : null;
    function mark(box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls === box.classList.contains("labkem-scrolls")) return;
      box.classList.toggle("labkem-scrolls", scrolls);
      if (scrolls) {
        var table = box.querySelector("table");
        var caption = table && table.caption ? table.caption.textContent.trim() : headingBefore(box);
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tabel" + (caption ? ": " + caption : "") + " (geser ke samping)");
        var hint = box.nextElementSibling;
        if (!hint || !hint.classList.contains("labkem-scroll-hint")) {
          hint = document.createElement("p");
          hint.className = "labkem-scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = "Geser tabel ke samping untuk kolom lainnya \u2192";
          box.parentNode.insertBefore(hint, box.nextSibling);
        }
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    }
    boxes.forEach(function (box) {
      if (box.parentElement && box.parentElement.closest(".labkem-table-wrap")) return;  // the outer box scrolls
      mark(box);
      if (watch) watch.observe(box);
    });
  }

  // A checklist of the guide (Markdown "- [ ]") is read out as checkboxes: each is named by its item's text.
  function nameChecklists() {
    document.querySelectorAll(".task-list-item input[type=checkbox]").forEach(function (box) {
      box.setAttribute("aria-label", box.closest(".task-list-item").textContent.trim());
    });
  }

  // The theme's menu button on a phone is a label for the drawer's checkbox, which the keyboard cannot reach. It
  // becomes a button: Tab reaches it, Enter or Space opens the menu and moves into it (labkem.css keeps the links
  // of a closed drawer out of the Tab order), and it says whether the menu is open.
  function menuButton() {
    var toggle = document.getElementById("__drawer");
    if (!toggle) return;
    document.querySelectorAll('label.md-header__button[for="__drawer"]').forEach(function (label) {
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      label.setAttribute("aria-label", "Menu situs");
      label.setAttribute("aria-controls", "__drawer");
      function said() { label.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
      said();
      toggle.addEventListener("change", said);
      label.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        // the theme clicks a focused label on Enter itself; Space is the other key of a button
        if (event.key === " ") { event.preventDefault(); label.click(); }
        window.setTimeout(function () {
          var first = toggle.checked && document.querySelector(".md-sidebar--primary .md-nav__link[href]");
          if (first) first.focus();
        }, 50);
      });
    });
  }

  function start() {
    menuButton();
    nameChecklists();
    sortTables(); shareAndPrint(); filterTables(); finder(); mapTips(); scrollingTables();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
