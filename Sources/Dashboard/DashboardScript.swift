/// The dashboard's only script (`/assets/dashboard.js`): hover values from `data-t`/`data-v`, failed markers as
/// links (`data-href`), range switching without a reload and the in-place refresh. Every page works without it.
enum DashboardScript {
    static let source = #"""
    "use strict";
    (function () {
      var tip = null;
      function pad(n) { return (n < 10 ? "0" : "") + n; }
      function when(ms) {
        var d = new Date(Number(ms));
        return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " +
          pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " UTC";
      }
      function amount(v) {
        var x = Number(v);
        if (!isFinite(x)) { return ""; }
        if (x < 1000) { return x.toFixed(x < 10 ? 2 : 0) + " ms"; }
        if (x < 60000) { return (x / 1000).toFixed(2) + " s"; }
        return (x / 60000).toFixed(1) + " min";
      }
      function show(target, x, y) {
        if (!tip) { tip = document.createElement("div"); tip.className = "tip"; tip.setAttribute("role", "status"); document.body.appendChild(tip); }
        var label = target.closest("[data-label]");
        var title = target.querySelector("title");
        var text = when(target.getAttribute("data-t"));
        if (target.hasAttribute("data-v") && target.getAttribute("data-v") !== "") { text += ": " + amount(target.getAttribute("data-v")); }
        if (label) { text = label.getAttribute("data-label") + " · " + text; }
        if (title && title.textContent) { text += " · " + title.textContent; }
        tip.textContent = text;
        tip.style.left = (x + 12) + "px";
        tip.style.top = (y + 12) + "px";
        tip.hidden = false;
      }
      document.addEventListener("mouseover", function (event) {
        var target = event.target.closest && event.target.closest("[data-t]");
        if (target) { show(target, event.pageX, event.pageY); } else if (tip) { tip.hidden = true; }
      });
      document.addEventListener("click", function (event) {
        var marker = event.target.closest && event.target.closest("[data-href]");
        if (marker && !event.target.closest("a")) { window.location.href = marker.getAttribute("data-href"); return; }
        var range = event.target.closest && event.target.closest("a[data-range]");
        if (range && !event.metaKey && !event.ctrlKey) {
          event.preventDefault();
          swap(range.href, true);
        }
      });
      function swap(url, push) {
        return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        }).then(function (text) {
          var next = new DOMParser().parseFromString(text, "text/html").getElementById("main");
          var main = document.getElementById("main");
          if (!next || !main) { return; }
          main.replaceWith(next);
          if (push) { history.pushState(null, "", url); }
          schedule();
        }).catch(function () { /* keep the page as it is; the next refresh tries again */ });
      }
      var timer = null;
      function schedule() {
        if (timer) { clearTimeout(timer); timer = null; }
        var main = document.getElementById("main");
        var seconds = main ? Number(main.getAttribute("data-refresh")) : 0;
        if (seconds > 0) { timer = setTimeout(function () { if (!document.hidden) { swap(window.location.href, false); } else { schedule(); } }, seconds * 1000); }
      }
      window.addEventListener("popstate", function () { swap(window.location.href, false); });
      schedule();
    })();

    """#
}
