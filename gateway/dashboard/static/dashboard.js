// Dashboard: refresh the panels now and then (a rate's link opens its orders' page).
(function () {
  "use strict";
  var body = document.body;
  var period = body.getAttribute("data-period");
  var refresh = Number(body.getAttribute("data-refresh")) || 60;

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

  setInterval(load, refresh * 1000);
})();
