// 紧急事项转交提醒 (第十三条(一)): every open emergency record stays on screen until an
// agent acknowledges it; acknowledged records stay findable under 「已处置的紧急事项」.
// A supervisor can show the caller's number in clear from the card (POST
// /api/agent/emergencies/reveal, recorded in the record's trail) to phone it through.
// Plain JS; user data only via textContent.
"use strict";
(function () {
  if (!window.CONSOLE_AGENT) return;
  const supervisor = window.CONSOLE_AGENT.role === "supervisor";
  const box = document.createElement("section");
  box.id = "emergency-alerts";
  box.className = "emergency-alerts";
  box.setAttribute("role", "alert");
  box.dataset.testid = "emergency-alerts";
  box.hidden = true;
  const history = document.createElement("details");
  history.className = "emergency-history";
  history.dataset.testid = "emergency-history";
  const summary = document.createElement("summary");
  summary.textContent = "已处置的紧急事项";
  const past = document.createElement("div");
  history.append(summary, past);
  document.body.prepend(box, history);

  // records a supervisor has revealed, kept in clear across the 5 s re-render
  const clear = new Map();

  function line(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = text;
    return e;
  }

  const call = window.hotlineApi;  // api.js

  const CLEAR_FIELDS = ["text", "contact_phone", "contact_name", "place", "masked"];

  function card(shown) {
    // the record as now (status, delivery), with what the supervisor revealed kept clear
    const e = Object.assign({}, shown);
    const seen = clear.get(shown.id);
    if (seen) for (const k of CLEAR_FIELDS) e[k] = seen[k];
    const c = document.createElement("div");
    c.className = "emergency";
    c.dataset.testid = "emergency";
    c.dataset.id = e.id;
    // every number told, the first one put through (trial13 Q06: 119 火警、120 医疗急救)
    const told = (e.services && e.services.length ? e.services : [e.service]).join("、");
    const names = e.services_name || e.service_name;
    c.append(line("strong", "", "紧急事项 · " + told + " " + names + " · " + window.hotlineChannel(e.channel)));
    if (e.reason) {
      const why = line("div", "reason", e.reason);
      why.dataset.testid = "emergency-reason";
      c.append(why);
    }
    c.append(line("div", "what", e.text));
    const who = [e.contact_name, e.contact_phone ? "电话 " + e.contact_phone : null]
      .filter(Boolean).join(" ");
    const where = [e.place, who].filter(Boolean).join(" · ");
    if (where) {
      const w = line("div", "where", where);
      w.dataset.testid = "emergency-where";
      c.append(w);
    }
    const pushed = { delivered: "已推送至处置部门", pending: "正在推送（失败自动重试）",
      no_receiver: "未配置接收方，请电话转告", dead: "推送失败，请电话转告" }[e.delivery] || e.delivery;
    c.append(line("div", "delivery", pushed + " · " + window.hotlineTime(e.reported_at)));
    if (e.acknowledged_by) {
      c.append(line("div", "acked", "已知悉：" + e.acknowledged_by + " · " + window.hotlineTime(e.acknowledged_at)));
    }
    if (supervisor && e.masked && (e.contact_phone || e.contact_name)) {
      const r = line("button", "reveal", "显示号码（留痕）");
      r.type = "button";
      r.dataset.testid = "emergency-reveal";
      r.addEventListener("click", async () => {
        r.disabled = true;
        try {
          clear.set(e.id, (await call("POST", "/api/agent/emergencies/reveal", { id: e.id })).emergency);
          await refresh();
        } catch (err) { r.disabled = false; }
      });
      c.append(r);
    }
    return c;
  }

  function render(items) {
    box.replaceChildren();
    box.hidden = items.length === 0;
    for (const e of items) {
      const c = card(e);
      const b = line("button", "ack", "已知悉，立即处置");
      b.type = "button";
      b.dataset.testid = "emergency-ack";
      b.addEventListener("click", async () => {
        b.disabled = true;
        try { await call("POST", "/api/agent/emergencies/ack", { id: e.id }); await refresh(); }
        catch (err) { b.disabled = false; }
      });
      c.append(b);
      box.append(c);
    }
  }

  async function refreshHistory() {
    if (!history.open) return;
    try {
      const items = (await call("GET", "/api/agent/emergencies?all=true")).items
        .filter((e) => e.status !== "open");
      past.replaceChildren(...(items.length ? items.map(card) : [line("p", "meta", "暂无")]));
    } catch (e) { /* next poll */ }
  }

  async function refresh() {
    try { render((await call("GET", "/api/agent/emergencies")).items); } catch (e) { /* next poll */ }
    await refreshHistory();
  }

  history.addEventListener("toggle", refreshHistory);
  window.addEventListener("hotline:emergency", refresh);
  refresh();
  setInterval(refresh, 5000);
})();
