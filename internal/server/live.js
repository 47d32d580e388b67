(function () {
  "use strict";
  var page = "__OCOP_PAGE__", gen = "__OCOP_GEN__";
  var vi = (document.documentElement.lang || "").slice(0, 2) === "vi";
  var box = null;
  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }
  function show(ds) {
    hide();
    box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem");
    box.id = "ocop-errors";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "ocop-errors-title");
    var h = el("h2", "margin:0 0 1rem;font-size:1.4rem;color:#ffb4a8",
      vi ? "Nội dung có lỗi — trang cũ vẫn được hiển thị" : "The content has errors — the last good pages are shown");
    h.id = "ocop-errors-title";
    var ul = el("ul", "margin:0;padding:0;list-style:none");
    ds.forEach(function (d) {
      var li = el("li", "margin:0 0 1rem;padding:.75rem 1rem;background:#000;border-left:4px solid #ff6b57");
      var at = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
      li.appendChild(el("code", "display:block;color:#ffd479;font:14px/1.4 ui-monospace,monospace", at));
      li.appendChild(el("div", "", d.message));
      if (d.hint) li.appendChild(el("div", "color:#cfd8dc", d.hint));
      ul.appendChild(li);
    });
    var btn = el("button", "margin-top:1rem;font:inherit;padding:.4rem 1rem", vi ? "Ẩn" : "Hide");
    btn.type = "button";
    btn.onclick = hide;
    box.appendChild(h);
    box.appendChild(el("p", "margin:0 0 1rem", vi ? "Sửa tệp và lưu lại; trang sẽ tự cập nhật." : "Fix the file and save it; the page updates by itself."));
    box.appendChild(ul);
    box.appendChild(btn);
    document.body.appendChild(box);
    btn.focus();
  }
  function hide() {
    if (box) box.remove();
    box = null;
  }
  function swap(paths) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href, location.href);
      if (paths.indexOf(u.pathname) < 0) return;
      var n = l.cloneNode();
      n.href = u.pathname + "?v=" + Date.now();
      n.onload = n.onerror = function () { l.remove(); };
      l.after(n);
    });
  }
  var es = new EventSource("/__ocop/events?page=" + encodeURIComponent(page) + "&gen=" + encodeURIComponent(gen));
  es.onmessage = function (e) {
    var m = JSON.parse(e.data);
    if (m.reload) { es.close(); location.reload(); return; }
    if (m.errors && m.errors.length) show(m.errors); else if (box) hide();
    if (m.css) swap(m.css);
  };
})();
