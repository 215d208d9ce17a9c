// fzlint serve page: upload or paste a report, show its findings in place, download the annotated copy and the
// fixed file. Talks only to the server that served it; every piece of report text goes in as text, never markup.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var SEV = { error: ["✗", "错误"], warning: ["!", "警告"], info: ["i", "提示"] };
  var SEV_RANK = { error: 3, warning: 2, info: 1 };
  var CATEGORY = { structure: "结构", signature: "署名", date: "日期", figures: "数字", numbering: "序号",
                   punctuation: "标点", wording: "用语" };
  var PART_MARK = { present: ["✓", "有"], incomplete: ["△", "不完整"], missing: ["✗", "缺"] };
  var GROUPS = [["structure", "必备部分与结构"], ["signature", "署名"], ["date", "成文日期"], ["text", "正文（按出现顺序）"]];
  var source = null;          // what was checked: {file: File} or {text: "…"}; kept in this page only
  var view = null;            // the server's answer for it
  var lineStarts = [];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "className") { node.className = attrs[k]; }
      else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function status(message, kind) {
    var s = $("status");
    s.textContent = message || "";
    s.className = "status" + (kind ? " " + kind : "");
  }

  // ── token ──
  var tokenInput = $("token");
  if (document.body.getAttribute("data-token") === "1") {
    $("token-row").hidden = false;
    var fromHash = /(?:^#|&)token=([^&]*)/.exec(location.hash);
    if (fromHash) {
      sessionStorage.setItem("fzlint-token", decodeURIComponent(fromHash[1]));
      history.replaceState(null, "", location.pathname);
    }
    tokenInput.value = sessionStorage.getItem("fzlint-token") || "";
    tokenInput.addEventListener("change", function () { sessionStorage.setItem("fzlint-token", tokenInput.value); });
  }
  $("token-row").addEventListener("submit", function (e) { e.preventDefault(); });

  function send(op) {
    var form = new FormData();
    if (source.file) { form.append("file", source.file, source.file.name); }
    else { form.append("text", source.text); }
    var headers = {};
    if (tokenInput.value) { headers.Authorization = "Bearer " + tokenInput.value; }
    return fetch("/api/" + op, { method: "POST", body: form, headers: headers, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) { return response; }
        return response.json().catch(function () { return {}; }).then(function (body) {
          var message = body.error || ("服务器返回错误（" + response.status + "）");
          if (response.status === 401) { $("token-row").hidden = false; tokenInput.focus(); }
          throw new Error(message);
        });
      }, function () { throw new Error("无法连接到 fzlint 服务器：请确认它仍在运行"); });
  }

  // ── choosing what to check ──
  function selectTab(paste) {
    $("tab-file").setAttribute("aria-selected", paste ? "false" : "true");
    $("tab-paste").setAttribute("aria-selected", paste ? "true" : "false");
    $("pane-file").hidden = paste;
    $("pane-paste").hidden = !paste;
  }
  $("tab-file").addEventListener("click", function () { selectTab(false); });
  $("tab-paste").addEventListener("click", function () { selectTab(true); });
  $("file").addEventListener("change", function () {
    if (this.files && this.files[0]) { check({ file: this.files[0] }); }
    this.value = "";
  });
  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    var files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) { check({ file: files[0] }); }
  });
  $("paste-check").addEventListener("click", function () {
    var text = $("paste").value;
    if (!text.trim()) { status("请先粘贴报告全文", "error"); return; }
    check({ text: text });
  });

  var maxSize = parseInt(document.body.getAttribute("data-max-size"), 10) || 0;
  function megabytes(n) { return (n / 1048576).toFixed(n < 10485760 ? 2 : 1).replace(/\.?0+$/, "") + " MB"; }
  function tooLarge(file) {                    // the server's own limit (a .docx may be 5×), said before uploading
    var limit = maxSize * (/\.docx$/i.test(file.name) ? 5 : 1);
    return maxSize && file.size > limit ? file.name + "：文件太大（" + megabytes(file.size) + "，上限 " +
      megabytes(limit) + "），未上传；如确需检查更大的文件，请让管理员用 fzlint serve --max-size 提高上限" : "";
  }

  function check(what) {
    var refusal = what.file ? tooLarge(what.file) : "";
    if (refusal) { status(refusal, "error"); return; }
    source = what;
    var name = what.file ? what.file.name : "粘贴的文字";
    status("正在检查 " + name + " …", "busy");
    $("result").hidden = true;
    send("report").then(function (r) { return r.json(); }).then(function (data) {
      view = data;
      render(data);
      status("");
    }).catch(function (err) { status(err.message, "error"); });
  }

  // ── the result ──
  function render(data) {
    var file = data.report.files[0];
    var diags = file.diagnostics.map(function (d, i) { d.id = i; return d; });
    $("r-name").textContent = data.name;
    var counts = $("r-counts");
    clear(counts);
    ["error", "warning", "info"].forEach(function (s) {
      var n = diags.filter(function (d) { return d.severity === s; }).length;
      counts.appendChild(el("span", { className: "sev " + s, text: SEV[s][0] + " " + SEV[s][1] + " " }));
      counts.appendChild(el("span", { className: "n", text: String(n) }));
      counts.appendChild(document.createTextNode("　"));
    });
    var tool = data.report.tool;
    $("r-tool").textContent = "fzlint " + tool.version + " · 规则包 " +
      tool.packs.map(function (p) { return p.id + " " + p.version; }).join("、");
    $("dl-fixed").disabled = $("show-diff").disabled = !data.can_fix;
    $("fix-note").textContent = !data.can_fix ? data.fix_refusal : data.fixable ? "" : "没有可以自动修复的问题";
    $("diff").hidden = true;
    renderParts(data);
    renderText(data.text, diags, file.body);
    renderFindings(diags, data.titles || {});
    applyFilter();
    $("result").hidden = false;
  }

  function renderParts(data) {
    var nav = $("parts");
    clear(nav);
    nav.appendChild(el("span", { className: "label", text: "必备部分：" }));
    data.parts.forEach(function (p) {
      var m = PART_MARK[p.status];
      var b = el("button", { type: "button", className: "part " + p.status, "data-part": p.part,
        title: p.name + "：" + m[1] + (p.heading ? "（" + p.heading + "）" : ""),
        text: m[0] + " " + p.short + (p.status === "present" ? "" : "（" + m[1] + "）") });
      if (p.start === null) { b.disabled = true; } else { b.addEventListener("click", function () { jump(p.start); }); }
      nav.appendChild(b);
    });
    if (data.places.length) { nav.appendChild(el("span", { className: "sep", text: "|" })); }
    data.places.forEach(function (p) {
      var b = el("button", { type: "button", className: "place", "data-place": p.key, title: p.text, text: p.label });
      b.addEventListener("click", function () { jump(p.start); });
      nav.appendChild(b);
    });
  }

  function lineOf(offset) {
    var lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function jump(offset) {
    var p = document.getElementById("line-" + lineOf(offset));
    if (!p) { return; }
    p.scrollIntoView({ block: "center" });
    p.classList.remove("flash");
    void p.offsetWidth;
    p.classList.add("flash");
  }

  function renderText(text, diags, body) {
    var doc = $("doc");
    clear(doc);
    var lines = text.split("\n");
    lineStarts = [];
    var offset = 0;
    lines.forEach(function (line) { lineStarts.push(offset); offset += line.length + 1; });
    var placed = diags.filter(function (d) { return d.start !== null; });
    lines.forEach(function (line, i) {
      var ls = lineStarts[i], le = ls + line.length;
      var p = el("p", { id: "line-" + i }, [el("span", { className: "ln", text: String(i + 1) })]);
      if (body && (le < body.start || ls > body.end)) { p.className = "outside"; }
      var here = placed.filter(function (d) {
        return d.start === d.end ? d.start >= ls && d.start <= le : d.start < le && d.end > ls;
      });
      var cuts = [ls, le];
      here.forEach(function (d) { cuts.push(Math.max(ls, d.start), Math.min(le, d.end)); });
      cuts = cuts.filter(function (c, k) { return cuts.indexOf(c) === k; }).sort(function (a, b) { return a - b; });
      for (var k = 0; k < cuts.length; k++) {
        var a = cuts[k];
        here.forEach(function (d) {           // a point (a missing mark) sits before the text at its offset
          if (d.start === d.end && d.start === a) { p.appendChild(mark([d], "", true)); }
        });
        if (k + 1 >= cuts.length) { break; }
        var b = cuts[k + 1], piece = line.slice(a - ls, b - ls);
        var on = here.filter(function (d) { return d.start < d.end && d.start <= a && d.end >= b; });
        p.appendChild(on.length ? mark(on, piece, false) : document.createTextNode(piece));
      }
      doc.appendChild(p);
    });
  }

  function mark(ds, text, point) {
    var top = ds.reduce(function (m, d) { return SEV_RANK[d.severity] > SEV_RANK[m.severity] ? d : m; }, ds[0]);
    var m = el("mark", { className: top.severity + (point ? " point" : ""),
      "data-ids": ds.map(function (d) { return d.id; }).join(" "),
      title: ds.map(function (d) { return SEV[d.severity][1] + "：" + d.message; }).join("\n"), text: text });
    m.addEventListener("click", function (e) { e.stopPropagation(); select(ds[0].id, "list"); });
    return m;
  }

  function group(d) {
    if (d.category === "structure" || d.category === "signature" || d.category === "date") { return d.category; }
    return "text";
  }

  function renderFindings(diags, titles) {
    var aside = $("findings");
    clear(aside);
    if (!diags.length) {
      aside.appendChild(el("p", { className: "empty", text: "✓ 没有发现问题" }));
      return;
    }
    GROUPS.forEach(function (g) {
      var items = diags.filter(function (d) { return group(d) === g[0]; });
      if (!items.length) { return; }
      items.sort(function (x, y) {
        if (g[0] !== "text" && SEV_RANK[x.severity] !== SEV_RANK[y.severity]) {
          return SEV_RANK[y.severity] - SEV_RANK[x.severity];
        }
        var a = x.start === null ? -1 : x.start, b = y.start === null ? -1 : y.start;
        return a - b || x.id - y.id;
      });
      aside.appendChild(el("h3", { text: g[1] + "（" + items.length + "）", "data-group": g[0] }));
      var ol = el("ol", { "data-group": g[0] });
      items.forEach(function (d) { ol.appendChild(finding(d, titles)); });
      aside.appendChild(ol);
    });
  }

  function finding(d, titles) {
    var sev = SEV[d.severity];
    var head = el("div", { className: "head" }, [
      el("span", { className: "sev " + d.severity, text: sev[0] + " " + sev[1] }),
      el("span", { className: "where", text: d.line ? "第 " + d.line + " 行" : "全文" }),
      el("span", { className: "cat", text: CATEGORY[d.category] || d.category })]);
    var li = el("li", { className: "finding", "data-id": String(d.id), "data-severity": d.severity,
                        "data-category": d.category, "data-rule": d.rule, tabindex: "0" },
      [head, el("p", { className: "msg", text: d.message })]);
    if (d.suggestion !== null && d.suggestion !== undefined) {
      var s = d.suggestion === "" ? "删除“" + (d.text || "") + "”" : d.suggestion;
      li.appendChild(el("p", { className: "sugg" }, ["建议：", el("b", { text: s })]));
    }
    if (d.reference) { li.appendChild(el("p", { className: "ref", text: "依据：" + d.reference })); }
    li.appendChild(el("code", { text: d.rule + (titles[d.rule] ? " · " + titles[d.rule] : "") }));
    li.addEventListener("click", function () { select(d.id, "text"); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter") { select(d.id, "text"); } });
    return li;
  }

  function select(id, scrollTo) {
    document.querySelectorAll("mark.current, .finding.current").forEach(function (n) { n.classList.remove("current"); });
    var marks = Array.prototype.filter.call(document.querySelectorAll("#doc mark"), function (m) {
      return m.getAttribute("data-ids").split(" ").indexOf(String(id)) !== -1;
    });
    marks.forEach(function (m) { m.classList.add("current"); });
    var li = document.querySelector('.finding[data-id="' + id + '"]');
    if (li) { li.classList.add("current"); }
    if (scrollTo === "text" && marks.length) { marks[0].scrollIntoView({ block: "center" }); }
    if (scrollTo === "list" && li) { li.scrollIntoView({ block: "nearest" }); }
  }

  // ── filters ──
  function applyFilter() {
    if (!view) { return; }
    var sev = Array.prototype.filter.call(document.querySelectorAll(".f-sev"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
    var cat = $("f-cat").value;
    var shown = {}, total = 0, count = 0;
    view.report.files[0].diagnostics.forEach(function (d) {
      total += 1;
      if (sev.indexOf(d.severity) !== -1 && (!cat || d.category === cat)) { shown[d.id] = true; count += 1; }
    });
    document.querySelectorAll(".finding").forEach(function (li) { li.hidden = !shown[li.getAttribute("data-id")]; });
    document.querySelectorAll("#findings ol").forEach(function (ol) {
      var any = ol.querySelector(".finding:not([hidden])");
      ol.hidden = !any;
      ol.previousElementSibling.hidden = !any;
    });
    document.querySelectorAll("#doc mark").forEach(function (m) {
      var on = m.getAttribute("data-ids").split(" ").some(function (i) { return shown[i]; });
      m.classList.toggle("off", !on);
    });
    $("f-count").textContent = "显示 " + count + " / " + total + " 条";
  }
  document.querySelectorAll(".f-sev").forEach(function (c) { c.addEventListener("change", applyFilter); });
  $("f-cat").addEventListener("change", applyFilter);

  // ── downloads and the diff ──
  function filename(response, fallback) {
    var cd = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) { return decodeURIComponent(star[1]); }
    var plain = /filename="([^"]+)"/i.exec(cd);
    return plain ? plain[1] : fallback;
  }
  function download(op, button, busy) {
    if (!source) { return; }
    var label = button.textContent;
    button.disabled = true;
    button.textContent = busy;
    send(op).then(function (response) {
      return response.blob().then(function (blob) {
        var a = el("a", { href: URL.createObjectURL(blob), download: filename(response, "fzlint-下载") });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
      });
    }).catch(function (err) { status(err.message, "error"); }).then(function () {
      button.disabled = false;
      button.textContent = label;
    });
  }
  $("dl-annotated").addEventListener("click", function () { download("annotate", this, "正在生成批注版…"); });
  $("dl-fixed").addEventListener("click", function () { download("fix", this, "正在修复…"); });
  $("show-diff").addEventListener("click", function () {
    var box = $("diff");
    if (!box.hidden) { box.hidden = true; return; }
    send("diff").then(function (r) { return r.json(); }).then(function (data) {
      renderDiff(box, data);
      box.hidden = false;
      box.scrollIntoView({ block: "nearest" });
    }).catch(function (err) { status(err.message, "error"); });
  });

  function renderDiff(box, data) {
    clear(box);
    if (!data.changed) {
      box.appendChild(el("h3", { text: "没有可以自动修复的问题" }));
    } else {
      box.appendChild(el("h3", { text: "自动修复将改动 " + data.count + " 处（下载修复后的文件即得到下面的结果）：" }));
      box.appendChild(el("ul", {}, data.fixed.map(function (f) {
        return el("li", { text: f.title + "：" + f.count + " 处（" + f.rule + "）" });
      })));
      var table = el("table", { className: "hunks" });
      data.hunks.forEach(function (h, k) {
        if (k > 0) { table.appendChild(el("tr", { className: "gap" }, [el("td", { colspan: "4", text: "⋯" })])); }
        h.lines.forEach(function (ln) {
          var cls = ln.op === "-" ? "del" : ln.op === "+" ? "add" : "ctx";
          var cell = el("td", { className: "text" }, ln.segments.map(function (s) {
            return s[0] === "-" ? el("del", { text: s[1] }) : s[0] === "+" ? el("ins", { text: s[1] }) : s[1];
          }));
          table.appendChild(el("tr", { className: cls }, [
            el("td", { className: "no", text: ln.old ? String(ln.old) : "" }),
            el("td", { className: "no", text: ln.new ? String(ln.new) : "" }),
            el("td", { className: "op", text: ln.op === " " ? "" : ln.op }), cell]));
        });
      });
      box.appendChild(table);
    }
    if (data.refused.length) {
      box.appendChild(el("h3", { text: "未能自动修复：" }));
      box.appendChild(el("ul", {}, data.refused.map(function (r) {
        return el("li", { text: "第 " + r.line + " 行“" + r.text + "”（" + r.rule + "）：" + r.reason });
      })));
    }
    var left = data.remaining;
    box.appendChild(el("p", { className: "muted", text: left.total ?
      "修复后仍有 " + left.total + " 处问题需要人工处理（错误 " + left.error + "，警告 " + left.warning + "，提示 " + left.info + "）。" :
      "修复后没有需要人工处理的问题。" }));
  }
}());
