// 紧急事项转交提醒 (第十三条(一)): every open emergency record stays on screen until an
// agent acknowledges it. Plain JS; user data only via textContent.
"use strict";
(function () {
  if (!window.CONSOLE_AGENT) return;
  const box = document.createElement("section");
  box.id = "emergency-alerts";
  box.className = "emergency-alerts";
  box.setAttribute("role", "alert");
  box.dataset.testid = "emergency-alerts";
  box.hidden = true;
  document.body.prepend(box);

  function line(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = text;
    return e;
  }

  const call = window.hotlineApi;  // api.js

  function render(items) {
    box.replaceChildren();
    box.hidden = items.length === 0;
    for (const e of items) {
      const card = document.createElement("div");
      card.className = "emergency";
      card.dataset.testid = "emergency";
      card.dataset.id = e.id;
      card.append(line("strong", "", "紧急事项 · " + e.service + " " + e.service_name + " · " + window.hotlineChannel(e.channel)));
      card.append(line("div", "what", e.text));
      const where = [e.place, e.contact_phone ? "电话 " + e.contact_phone : null]
        .filter(Boolean).join(" · ");
      if (where) card.append(line("div", "where", where));
      const pushed = { delivered: "已推送至处置部门", pending: "正在推送（失败自动重试）",
        no_receiver: "未配置接收方，请电话转告", dead: "推送失败，请电话转告" }[e.delivery] || e.delivery;
      card.append(line("div", "delivery", pushed + " · " + window.hotlineTime(e.reported_at)));
      const b = line("button", "ack", "已知悉，立即处置");
      b.type = "button";
      b.dataset.testid = "emergency-ack";
      b.addEventListener("click", async () => {
        b.disabled = true;
        try { await call("POST", "/api/agent/emergencies/ack", { id: e.id }); await refresh(); }
        catch (err) { b.disabled = false; }
      });
      card.append(b);
      box.append(card);
    }
  }

  async function refresh() {
    try { render((await call("GET", "/api/agent/emergencies")).items); } catch (e) { /* next poll */ }
  }

  window.addEventListener("hotline:emergency", refresh);
  refresh();
  setInterval(refresh, 5000);
})();
