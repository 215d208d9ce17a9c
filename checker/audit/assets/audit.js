// fzlint audit page: sort (click a header), filter (text + selects), expand a report's findings. No network.
(function () {
  "use strict";
  var table = document.getElementById("reports");
  if (!table) { return; }
  var bodies = Array.prototype.slice.call(table.querySelectorAll("tbody.report"));
  var collator = new Intl.Collator("zh-CN", { numeric: true });
  var headers = table.querySelectorAll("th.sortable");

  function value(tb, key, type) {
    var v = tb.getAttribute("data-" + key) || "";
    return type === "num" ? (v === "" ? -Infinity : parseFloat(v)) : v;
  }

  function sortBy(th) {
    var key = th.getAttribute("data-key"), type = th.getAttribute("data-type");
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var indexed = bodies.map(function (tb, i) { return [tb, i]; });
    indexed.sort(function (a, b) {
      var x = value(a[0], key, type), y = value(b[0], key, type);
      var c = type === "num" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
      return c !== 0 ? sign * c : a[1] - b[1];
    });
    var frag = document.createDocumentFragment();
    indexed.forEach(function (p) { frag.appendChild(p[0]); });
    table.appendChild(frag);
    bodies = indexed.map(function (p) { return p[0]; });
  }
  Array.prototype.forEach.call(headers, function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  });

  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var timely = document.getElementById("filter-timeliness");
  var count = document.getElementById("filter-count");
  function applyFilter() {
    var q = (text.value || "").trim().toLowerCase();
    var words = q ? q.split(/\s+/) : [];
    var s = status.value, t = timely.value, shown = 0;
    bodies.forEach(function (tb) {
      var hay = tb.getAttribute("data-search") || "";
      var ok = (!s || tb.getAttribute("data-status") === s) && (!t || tb.getAttribute("data-timeliness") === t) &&
        words.every(function (w) { return hay.indexOf(w) !== -1; });
      tb.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "显示 " + shown + " / " + bodies.length + " 份";
  }
  [text, status, timely].forEach(function (el) {
    el.addEventListener("input", applyFilter);
    el.addEventListener("change", applyFilter);
  });

  // A report's findings sit in an inert <template> until first shown, so sorting moves small rows only.
  function fill(detail) {
    var td = detail.firstElementChild, tpl = td && td.querySelector(":scope > template");
    if (tpl) { td.appendChild(tpl.content); td.removeChild(tpl); }
  }
  function fillAll() {
    Array.prototype.forEach.call(table.querySelectorAll("tr.detail"), fill);
  }
  window.addEventListener("beforeprint", fillAll);
  var printing = window.matchMedia("print");
  if (printing.matches) { fillAll(); }
  printing.addEventListener("change", function (e) { if (e.matches) { fillAll(); } });

  function setOpen(tb, open) {
    var detail = tb.querySelector("tr.detail"), button = tb.querySelector("button.toggle");
    if (!detail || !button) { return; }
    if (open) { fill(detail); }
    detail.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "收起" : "展开";
  }
  table.addEventListener("click", function (e) {
    var row = e.target.closest("tr.row");
    if (!row || e.target.closest("a")) { return; }
    var tb = row.parentNode, detail = tb.querySelector("tr.detail");
    if (detail) { setOpen(tb, detail.hidden); }
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    bodies.forEach(function (tb) { if (!tb.hidden) { setOpen(tb, true); } });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    bodies.forEach(function (tb) { setOpen(tb, false); });
  });
  applyFilter();
}());
