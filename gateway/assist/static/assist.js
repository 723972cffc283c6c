// 智能辅助 (live assist): running transcript, draft order, knowledge-base answers, similar
// orders (并单), alerts, suggested replies. Plain JS, no CDN; user data only via textContent.
"use strict";
(function () {
  if (!window.CONSOLE_AGENT) return;
  const $ = (id) => document.getElementById(id);
  const orderPanel = $("order-panel");
  const replyForm = $("reply-form");
  if (!orderPanel || !replyForm) return;
  const FIELDS = { order_type: "order-type", county: "order-county", township: "order-township",
    address: "order-address", since: "order-since", phone: "order-phone", matter: "order-text",
    name: "order-name" };
  const LABELS = [["matter_masked", "诉求内容"], ["category", "分类"], ["unit", "承办单位"],
    ["place", "事发地点"], ["since", "开始时间"], ["name_masked", "联系人"], ["phone_masked", "联系电话"]];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  const panel = el("div", "assist");
  panel.id = "assist-panel";
  panel.dataset.testid = "assist";
  panel.append(el("h2", "", "智能辅助"));
  const status = el("p", "meta"); status.id = "assist-status"; panel.append(status);
  const alerts = el("div", "alerts"); alerts.id = "assist-alerts"; panel.append(alerts);
  const transcript = el("ol", "transcript"); transcript.id = "assist-transcript"; panel.append(transcript);
  const draft = el("dl", "draft"); draft.id = "assist-draft"; panel.append(draft);
  const apply = el("button", "", "按草稿填写工单"); apply.type = "button"; apply.id = "assist-apply";
  panel.append(apply);
  panel.append(el("h3", "", "知识库"));
  const kb = el("ul", "kb"); kb.id = "assist-kb"; panel.append(kb);
  panel.append(el("h3", "", "相似工单（并单参考）"));
  const similar = el("ul", "similar"); similar.id = "assist-similar"; panel.append(similar);
  panel.append(el("h3", "", "建议回复"));
  const replies = el("ul", "replies"); replies.id = "assist-replies"; panel.append(replies);
  orderPanel.prepend(panel);

  // fields the agent typed into are theirs: the live draft no longer overwrites them
  for (const id of Object.values(FIELDS)) {
    const input = $(id);
    if (input) input.addEventListener("input", () => { input.dataset.touched = "1"; });
  }

  let key = null;
  let last = null;
  function current() { return replyForm.dataset.key || null; }

  function fill(data, force) {
    const d = data.draft || {};
    const values = { order_type: d.order_type, county: d.county, township: d.township,
      address: d.address, since: d.since };
    // a call's draft is what the agent heard: matter, name and phone go in clear
    if (data.source === "call") { values.matter = d.matter; values.phone = d.phone; values.name = d.name; }
    for (const [name, id] of Object.entries(FIELDS)) {
      const input = $(id); const v = values[name];
      if (!input || v === undefined || v === null || v === "") continue;
      if (!force && input.dataset.touched) continue;
      // a chat's form comes from the bot's confirmed facts: the draft only fills gaps
      if (!force && data.source !== "call" && input.value) continue;
      input.value = v;
    }
  }

  function render(data) {
    last = data;
    status.textContent = data.source === "call"
      ? (data.assist_on ? "通话实时转写中" : (data.notice || "本通电话未开启实时辅助")) : "根据会话内容生成";
    transcript.replaceChildren();
    for (const t of data.transcript || []) {
      const li = el("li", t.final ? "final" : "partial", t.text);
      li.dataset.testid = "assist-segment";
      transcript.append(li);
    }
    const d = data.draft || {};
    const shown = { matter_masked: d.matter_masked,
      category: [d.category_level1, d.category_level2].filter(Boolean).join(" / "),
      unit: d.unit, place: d.address, since: d.since, name_masked: d.name_masked,
      phone_masked: d.anonymous ? "匿名（诉求人不留联系方式）" : d.phone_masked };
    draft.replaceChildren();
    for (const [name, label] of LABELS) {
      const dt = el("dt", "", label); const dd = el("dd", "", shown[name] || "（待补充）");
      dd.dataset.field = name;
      draft.append(dt, dd);
    }
    alerts.replaceChildren();
    for (const a of d.alerts || []) {
      const div = el("div", "alert " + a.kind, a.text); div.dataset.testid = "assist-alert";
      alerts.append(div);
    }
    kb.replaceChildren();
    for (const k of data.knowledge || []) {
      const li = el("li", "", k.title + "：" + k.answer + "（" + k.source_unit + "，" + k.updated + "）");
      kb.append(li);
    }
    similar.replaceChildren();
    for (const s of data.similar || []) {
      similar.append(el("li", "", s.number + "（相似度 " + Math.round(s.similarity * 100) + "%，" + (s.county || "") + "）"));
    }
    // never a heading with nothing under it (trial4 F12)
    if (!similar.children.length) similar.append(el("li", "meta empty", "暂无相似工单"));
    replies.replaceChildren();
    for (const r of data.replies || []) {
      const li = el("li", "", r); li.title = "点击填入回复框";
      li.addEventListener("click", () => { const t = $("reply-text"); if (t) t.value = r; });
      replies.append(li);
    }
    fill(data, false);
  }

  async function refresh() {
    const k = current();
    if (!k) return;
    try {
      const res = await fetch("/api/assist?key=" + encodeURIComponent(k), { credentials: "same-origin" });
      if (!res.ok) return;
      const data = await res.json();
      if (k === current()) render(data);
    } catch (e) { /* the console's own error box reports network trouble */ }
  }

  apply.addEventListener("click", () => { if (last) fill(last, true); });

  new MutationObserver(() => {
    const k = current();
    if (k !== key) {
      key = k; last = null;
      for (const id of Object.values(FIELDS)) { const i = $(id); if (i) delete i.dataset.touched; }
      transcript.replaceChildren();
      refresh();
    }
  }).observe(replyForm, { attributes: true, attributeFilter: ["data-key"] });

  let timer = null;
  function soon() { if (!timer) timer = setTimeout(() => { timer = null; refresh(); }, 300); }

  const es = new EventSource("/api/agent/events");
  es.addEventListener("assist", (ev) => {
    const data = JSON.parse(ev.data);
    if (data.key === current()) render(data);
  });
  es.addEventListener("assist_notice", (ev) => {
    const data = JSON.parse(ev.data);
    if (data.key === current()) status.textContent = data.text;
    const box = $("alerts");
    if (box) { const d = el("div", "", data.text); box.prepend(d); setTimeout(() => d.remove(), 15000); }
  });
  es.addEventListener("turn", (ev) => {
    const data = JSON.parse(ev.data);
    if (data.key === current() && (!last || last.source !== "call")) soon();
  });
  es.addEventListener("inspection", (ev) => {
    const data = JSON.parse(ev.data);
    const box = $("alerts");
    if (box && data.red_line) {
      const d = el("div", "", "质检红线：" + data.agent + " · " + data.summary);
      d.dataset.testid = "inspection-alert"; box.prepend(d);
    }
  });
})();
