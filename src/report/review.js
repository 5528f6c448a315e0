// The review page's only script (src/report/html.rs): filters by kind, rule
// and 处置方式, a search box, and keyboard navigation between findings. The
// filter state is kept in the address (#kind=share,discipline&rule=XY101
// &disp=修订&q=…), so a filtered view can be bookmarked or sent. The page
// reads fully without it. Document text is only ever read as text here.
(function () {
  "use strict";
  var KINDS = ["share", "blacklist", "discipline", "score", "repair"];
  var toolbar = document.getElementById("toolbar");
  if (!toolbar) { return; }
  toolbar.hidden = false;
  var boxes = Array.prototype.slice.call(toolbar.querySelectorAll("input[name=kind]"));
  var rule = document.getElementById("f-rule");
  var disp = document.getElementById("f-disp");
  var q = document.getElementById("f-q");
  var count = document.getElementById("f-count");
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#doc-list tbody tr"));
  var current = -1;

  function words(s) { return s ? s.split(" ").filter(function (x) { return x; }) : []; }

  function state() {
    return {
      kinds: boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
      rule: rule.value,
      disp: disp.value,
      q: q.value.trim()
    };
  }

  function fromHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (h.indexOf("=") < 0) { return; }
    h.split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i < 0) { return; }
      var key = part.slice(0, i), val = part.slice(i + 1);
      if (key === "kind") {
        var want = val.split(",");
        boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
      } else if (key === "rule") {
        rule.value = val;
      } else if (key === "disp") {
        disp.value = val;
      } else if (key === "q") {
        q.value = val;
      }
    });
  }

  function toHash(s) {
    var parts = [];
    if (s.kinds.length !== KINDS.length) { parts.push("kind=" + s.kinds.join(",")); }
    if (s.rule) { parts.push("rule=" + s.rule); }
    if (s.disp) { parts.push("disp=" + s.disp); }
    if (s.q) { parts.push("q=" + s.q); }
    var h = parts.length ? "#" + encodeURIComponent(parts.join("&")).replace(/%3D/g, "=").replace(/%26/g, "&").replace(/%2C/g, ",") : "";
    if (history.replaceState) {
      history.replaceState(null, "", h || location.pathname + location.search);
    }
  }

  // Does an element (a document or its row in the overview) pass the filters?
  function passes(el, s, textOf) {
    var kinds = words(el.getAttribute("data-kinds"));
    var rules = words(el.getAttribute("data-rules"));
    if (s.kinds.length !== KINDS.length &&
        !kinds.some(function (k) { return s.kinds.indexOf(k) >= 0; })) { return false; }
    if (s.rule && rules.indexOf(s.rule) < 0) { return false; }
    if (s.disp && el.getAttribute("data-disp") !== s.disp) { return false; }
    if (s.q && textOf && textOf.indexOf(s.q) < 0) { return false; }
    return true;
  }

  // The document's own words: its text without the findings beside it.
  function docText(d) {
    return Array.prototype.slice.call(d.querySelectorAll(".text .t")).map(function (t) {
      return t.textContent;
    }).join("\n");
  }

  function clearHits() {
    Array.prototype.slice.call(document.querySelectorAll("span.hit")).forEach(function (h) {
      var parent = h.parentNode;
      parent.replaceChild(document.createTextNode(h.textContent), h);
      parent.normalize();
    });
  }

  // Wrap each occurrence of `needle` in the text nodes under `root`.
  function markHits(root, needle) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var text = node.nodeValue, at = text.indexOf(needle);
      if (at < 0 || node.parentNode.closest("aside")) { return; }
      var frag = document.createDocumentFragment(), pos = 0;
      while (at >= 0) {
        frag.appendChild(document.createTextNode(text.slice(pos, at)));
        var span = document.createElement("span");
        span.className = "hit";
        span.textContent = needle;
        frag.appendChild(span);
        pos = at + needle.length;
        at = text.indexOf(needle, pos);
      }
      frag.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
  }

  // `remember`: write the filters into the address (not on load, so that a
  // link to #doc-3 keeps its place).
  function apply(remember) {
    var s = state();
    clearHits();
    var shown = 0, byDoc = {};
    docs.forEach(function (d) {
      var text = d.querySelector(".text");
      var ok = passes(d, s, s.q ? d.querySelector("h2").textContent + docText(d) : "");
      d.hidden = !ok;
      byDoc[d.id] = ok;
      if (ok) { shown += 1; }
      Array.prototype.slice.call(d.querySelectorAll("mark.k")).forEach(function (m) {
        var on = words(m.getAttribute("data-kinds")).some(function (k) { return s.kinds.indexOf(k) >= 0; });
        m.classList.toggle("off", !on);
      });
      Array.prototype.slice.call(d.querySelectorAll("aside.fd")).forEach(function (a) {
        a.classList.toggle("off", !!s.rule && a.getAttribute("data-rule") !== s.rule);
      });
      if (ok && s.q && text) { markHits(text, s.q); }
    });
    rows.forEach(function (r) { r.hidden = !byDoc[r.getAttribute("data-doc")]; });
    count.textContent = "显示 " + shown + " / " + docs.length + " 个文件";
    current = -1;
    if (remember === true) { toHash(s); }
  }
  function changed() { apply(true); }

  function visibleFindings() {
    return Array.prototype.slice.call(document.querySelectorAll("article.doc aside.fd")).filter(function (a) {
      return !a.classList.contains("off") && !a.closest("article").hidden;
    });
  }

  function go(step) {
    var all = visibleFindings();
    if (!all.length) { return; }
    var prev = document.querySelector("aside.fd.cur");
    if (prev) { prev.classList.remove("cur"); }
    current = (current + step + all.length) % all.length;
    var a = all[current];
    a.classList.add("cur");
    a.focus({ preventScroll: true });
    a.scrollIntoView({ block: "center" });
  }

  boxes.forEach(function (b) { b.addEventListener("change", changed); });
  rule.addEventListener("change", changed);
  disp.addEventListener("change", changed);
  var timer = null;
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(changed, 250);
  });
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "j" || e.key === "n") { go(1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "p") { go(-1); e.preventDefault(); }
    else if (e.key === "/") { q.focus(); e.preventDefault(); }
  });
  fromHash();
  apply(false);
  document.documentElement.setAttribute("data-ready", "1");
})();
