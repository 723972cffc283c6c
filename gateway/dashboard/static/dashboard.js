// Dashboard: refresh the panels now and then, and show the orders behind a rate.
(function () {
  "use strict";
  var body = document.body;
  var period = body.getAttribute("data-period");
  var refresh = Number(body.getAttribute("data-refresh")) || 60;

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = String(text);
    return div.innerHTML;
  }

  function load() {
    fetch("/api/dashboard/panels?period=" + encodeURIComponent(period), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        Object.keys(data.panels).forEach(function (name) {
          var box = document.querySelector("#p-" + name + " .body");
          if (box) { box.innerHTML = data.panels[name]; }  // server-rendered, escaped HTML
        });
      })
      .catch(function () { /* keep the figures shown; try again at the next tick */ });
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest("a.drill");
    if (!a) { return; }
    ev.preventDefault();
    var q = "?period=" + encodeURIComponent(period) + "&unit=" + encodeURIComponent(a.dataset.unit) +
      "&metric=" + encodeURIComponent(a.dataset.metric);
    fetch("/api/dashboard/drill" + q, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var box = document.getElementById("drill");
        box.hidden = false;
        box.innerHTML = "<b>" + esc(d.unit_name) + " · " + esc(d.metric_label) + "</b>" +
          "<p>达标 " + d.hits.length + " 件：" + d.hits.map(esc).join("、") + "</p>" +
          "<p>未达标 " + d.misses.length + " 件：" + d.misses.map(esc).join("、") + "</p>";
      });
  });

  setInterval(load, refresh * 1000);
})();
