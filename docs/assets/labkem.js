// What script adds to pages that are whole without it (charts and maps are drawn at build time): sortable and
// filterable tables, the share and print buttons, the place finder and the header's search, map tooltips, and
// tables that show they scroll. Served by the site itself, never from a CDN.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;

  // What the script says, in the page's language (<html lang>): Indonesian, or English under en/.
  var WORDS = {
    id: {
      none: "Tidak ditemukan.",
      found: function (n) { return n + " hasil"; },
      near: function (word) { return " untuk ejaan terdekat, \u201c" + word + "\u201d"; },
      first: function (n) { return "; " + n + " pertama ditampilkan, ketik lebih lengkap untuk mempersempit"; },
      keys: ". Tekan Enter untuk membuka yang pertama, panah bawah untuk memilih.",
      unavailable: "Pencarian belum tersedia.",
      province: "Pilih provinsi dulu.",
      chooseProvince: "Untuk mencari desa, pilih provinsinya di kotak pencarian beranda.",
      table: function (caption) { return "Tabel" + (caption ? ": " + caption : "") + " (geser ke samping)"; },
      scroll: "Geser tabel ke samping untuk kolom lainnya \u2192",
      menu: "Menu situs"
    },
    en: {
      none: "Nothing found.",
      found: function (n) { return n + (n === 1 ? " result" : " results"); },
      near: function (word) { return " for the nearest spelling, \u201c" + word + "\u201d"; },
      first: function (n) { return "; the first " + n + " shown, type more to narrow them down"; },
      keys: ". Press Enter to open the first, the down arrow to choose.",
      unavailable: "Search is not available yet.",
      province: "Choose a province first.",
      chooseProvince: "To find a village, choose its province in the search box on the home page.",
      table: function (caption) { return "Table" + (caption ? ": " + caption : "") + " (scrolls sideways)"; },
      scroll: "Scroll the table sideways for more columns \u2192",
      menu: "Site menu"
    }
  };
  var say = WORDS[document.documentElement.lang] || WORDS.id;

  // The page's <link rel="alternate" hreflang> name the same page in the site's other language, for search engines
  // (which read the HTML as served). The theme's script, which runs when the document has loaded, fetches a
  // sitemap.xml beside every such link to keep its own language menu on the same page: from the page's own
  // folder, which has none (a failed request on every page, to the published address when the site has one).
  // The header's switch of this site already leads to the same page, so the links are kept from the theme.
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (link) {
    link.setAttribute("rel", "alternate labkem");
  });

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

  // Search, with Pagefind's indexes (written at build time by labkem.publish.search): nothing is loaded until a
  // search box is first used, and then only the chunks a query needs. The places are in one index per province
  // (pagefind/, or pagefind/KODE/ on a site of several provinces); the other pages (guide, programmes, lists,
  // Data & API) in pagefind/umum/. The home page's finder searches the places; the header's box searches both.
  var SHOWN = 30;
  var engines = {};
  // Pagefind over the index in `folder` (a path under the site's root), loaded once.
  function engine(root, folder) {
    if (!engines[folder]) {
      engines[folder] = import(new URL(folder + "pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname }).then(function () { return pagefind; });
      });
    }
    return engines[folder];
  }

  // Whether a found page (`data`, Pagefind's record of it) holds every word of `query`, each as the start of one
  // of its words. Pagefind also returns pages that hold only some of the words, and where no word starts with a
  // word of the query, the longest word that starts it: "Mulyoreja" found the "-m" of a command in the guide,
  // "perlindungan data" the village Datar.
  // Letters and digits of any script where the browser knows Unicode's classes (a pattern built from a string, so
  // an older browser that does not still reads this file), Latin ones where it does not.
  var OTHER = (function () {
    try { return [new RegExp("[^\\p{L}\\p{N}.]+", "u"), new RegExp("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "gu")]; }
    catch (e) { return [/[^0-9a-z\u00c0-\u024f.]+/i, /^[^0-9a-z\u00c0-\u024f]+|[^0-9a-z\u00c0-\u024f]+$/gi]; }
  })();
  function holds(data, query) {
    var words = ((data.meta.title || "") + " " + data.content).toLowerCase().split(OTHER[0]);
    return query.toLowerCase().split(/\s+/).every(function (asked) {
      asked = asked.replace(OTHER[1], "");
      return !asked || words.some(function (word) { return word.indexOf(asked) === 0; });
    });
  }

  // The results of `query` in one index: the first SHOWN that hold the query ({score, data} each), how many more
  // Pagefind found, and the spelling they were found with. A query that finds nothing is tried again without its
  // last letters, so a near-miss spelling ("Mulyoreja") still finds the place ("Mulyorejo").
  function lookFor(pagefind, query) {
    return pagefind.search(query).then(function (found) {
      var results = found ? found.results : [];
      return Promise.all(results.slice(0, SHOWN).map(function (result) {
        return result.data().then(function (data) { return { score: result.score, data: data }; });
      })).then(function (loaded) {
        var kept = loaded.filter(function (item) { return holds(item.data, query); });
        var words = query.split(/\s+/);
        var last = words[words.length - 1];
        var answer = { kept: kept, more: Math.max(0, results.length - SHOWN), near: "" };
        if (kept.length || last.length <= 4) return answer;
        var shorter = words.slice(0, -1).concat([last.slice(0, -1)]).join(" ");
        return lookFor(pagefind, shorter).then(function (again) {
          return again.kept.length ? { kept: again.kept, more: again.more, near: again.near || shorter } : answer;
        });
      });
    });
  }

  // One answer from the answers of several indexes: their results by Pagefind's score, the first SHOWN of them
  function together(answers) {
    var kept = [];
    var total = 0;
    answers.forEach(function (answer) { kept = kept.concat(answer.kept); total += answer.kept.length + answer.more; });
    kept.sort(function (a, b) { return b.score - a.score; });
    var near = answers.map(function (answer) { return answer.near; }).filter(Boolean)[0] || "";
    return { items: kept.slice(0, SHOWN).map(function (item) { return item.data; }), total: total, near: near };
  }

  function title(item) { return (item.meta.title || item.url).replace(/\u00b6/g, "").trim(); }

  // Pagefind's excerpt marks the words found with <mark>; it is rebuilt from text nodes, never set as HTML.
  function excerpt(html) {
    var span = document.createElement("span");
    span.className = "labkem-result__excerpt";
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(node.textContent));
      }
    });
    return span;
  }

  // A search box: `input` searches as one types, results go into `list` (links), their number into `status`.
  // `run(query)` gives a promise of the results ({items, total, near}) or a message why there are none;
  // `row(item)` makes a result's item. Enter opens the first result, the arrow keys move between the results and
  // back to the box.
  function searchBox(input, list, status, run, row) {
    var latest = 0;
    function message(text) {
      list.innerHTML = "";
      status.textContent = text;
    }
    function show(items, total, near) {
      var said = !total ? say.none : say.found(total) + (near ? say.near(near) : "")
        + (total > items.length ? say.first(items.length) : "")
        + (total ? say.keys : "");
      message(said);
      items.forEach(function (item) { list.appendChild(row(item)); });
    }
    function search() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (query.length < 2) { message(""); return; }
      var running = run(query);
      if (typeof running === "string") { message(running); return; }
      running
        .then(function (answer) {
          if (ticket !== latest) return;
          show(answer.items, answer.total, answer.near);
          if (answer.note) status.textContent += " " + answer.note;
        })
        .catch(function () { if (ticket === latest) message(say.unavailable); });
    }
    input.addEventListener("input", search);
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
    return search;
  }

  var CHOSEN = "labkem-provinsi";  // the province last chosen in the finder, for the header's search
  function remembered() { try { return window.localStorage.getItem(CHOSEN) || ""; } catch (e) { return ""; } }

  // The home page's place finder. Each result shows its district and regency, because village names repeat.
  // A site spanning several provinces has one index per province, chosen in #cari-provinsi.
  function finder() {
    var input = document.getElementById("cari-desa");
    var list = document.getElementById("hasil-cari");
    var status = document.getElementById("hasil-cari-jumlah");
    var province = document.getElementById("cari-provinsi");
    if (!input || !list || !status || !here) return;
    var root = new URL("../", here);
    if (province && remembered()) province.value = remembered();
    var search = searchBox(input, list, status, function (query) {
      if (province && !province.value) return say.province;
      return engine(root, province ? "pagefind/" + province.value + "/" : "pagefind/")
        .then(function (pagefind) { return lookFor(pagefind, query); })
        .then(function (answer) { return together([answer]); });
    }, function (item) {
      var row = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = title(item);
      row.appendChild(link);
      row.appendChild(document.createTextNode(item.meta.wilayah ? " \u2014 " + item.meta.wilayah + " " : " "));
      var code = document.createElement("code");
      code.textContent = item.meta.kode || "";
      row.appendChild(code);
      return row;
    });
    if (province) {
      province.addEventListener("change", function () {
        try { window.localStorage.setItem(CHOSEN, province.value); } catch (e) { /* private browsing */ }
        search();
      });
    }
  }

  // The header's search box (overrides/partials/search.html): the pages of the general index and the places of
  // one province, searched side by side. The province is the site's own or, on a site of several, the page's (a
  // place page) or the one last chosen in the finder. The box opens in the theme's way (the #__search toggle);
  // Escape or a chosen result closes it.
  function headerSearch() {
    var input = document.getElementById("labkem-cari");
    var list = document.getElementById("labkem-cari-hasil");
    var toggle = document.getElementById("__search");
    var status = document.getElementById("labkem-cari-jumlah");
    if (!input || !list || !toggle || !status || !here) return;
    var root = new URL("../", here);
    var prompt = status.textContent;
    var where = null;
    // which place index to search with the general one ("" for none), and whether the site has several
    function province() {
      if (!where) {
        where = fetch(new URL("pagefind/umum/provinsi.json", root)).then(function (response) { return response.json(); })
          .then(function (listed) {
            if (listed.satu) return { folder: "pagefind/", several: false };
            var path = window.location.pathname.slice(root.pathname.length);
            var own = /^(?:desa|kecamatan|kabupaten)\/(\d{2})/.exec(path);
            var code = own ? own[1] : remembered();
            var folder = listed.provinsi.indexOf(code) >= 0 ? "pagefind/" + code + "/" : "";
            return { folder: folder, several: listed.provinsi.length > 1 };
          });
      }
      return where;
    }
    // the places and the other pages side by side, their results together by Pagefind's score
    searchBox(input, list, status, function (query) {
      return province().then(function (places) {
        var folders = (places.folder ? [places.folder] : []).concat(["pagefind/umum/"]);
        return Promise.all(folders.map(function (folder) {
          return engine(root, folder).then(function (pagefind) { return lookFor(pagefind, query); });
        })).then(function (answers) {
          var answer = together(answers);
          // on a site of several provinces, a page outside them searches no places until one is chosen
          if (places.several && !places.folder) answer.note = say.chooseProvince;
          return answer;
        });
      });
    }, function (item) {
      var row = document.createElement("li");
      row.className = "labkem-result";
      var link = document.createElement("a");
      link.href = item.url;
      var name = document.createElement("span");
      name.className = "labkem-result__title";
      name.textContent = title(item);
      link.appendChild(name);
      var about = document.createElement("span");
      about.className = "labkem-result__where";
      about.textContent = item.meta.wilayah ? item.meta.wilayah + (item.meta.kode ? " \u00b7 " + item.meta.kode : "") : item.meta.bagian || "";
      link.appendChild(about);
      if (!item.meta.kode && item.excerpt) link.appendChild(excerpt(item.excerpt));
      row.appendChild(link);
      return row;
    });
    input.form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.form.addEventListener("reset", function () {
      list.innerHTML = "";
      window.setTimeout(function () { status.textContent = prompt; input.focus(); }, 0);
    });
    function close() { toggle.checked = false; input.blur(); }
    input.addEventListener("focus", function () { toggle.checked = true; });
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    list.addEventListener("click", function (event) { if (event.target.closest("a")) toggle.checked = false; });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName) || event.target.isContentEditable;
      if (event.key === "Escape" && toggle.checked) { event.preventDefault(); close(); }
      // "/" opens the search from anywhere on the page, as on many sites
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) { event.preventDefault(); toggle.checked = true; input.focus(); }
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
        box.setAttribute("aria-label", say.table(caption));
        var hint = box.nextElementSibling;
        if (!hint || !hint.classList.contains("labkem-scroll-hint")) {
          hint = document.createElement("p");
          hint.className = "labkem-scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = say.scroll;
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
      label.setAttribute("aria-label", say.menu);
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
    sortTables(); shareAndPrint(); filterTables(); finder(); headerSearch(); mapTips(); scrollingTables();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
