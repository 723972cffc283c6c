// 坐席工作台 (agent console): plain JS, no CDN. User data is only ever set via textContent.
"use strict";
(function () {
  const me = window.CONSOLE_AGENT;
  const $ = (id) => document.getElementById(id);
  const DIRECTION = { in: "诉求人", out: "机器人", agent: "坐席", system: "系统" };
  const STATUS = { queued: "排队中", held: "处理中", bot: "机器人服务" };

  // api.js; a signed-out session reloads the page to its sign-in form
  async function api(method, path, body) {
    try {
      return await window.hotlineApi(method, path, body);
    } catch (err) {
      if (err.status === 401 && me) { location.reload(); throw new Error("signed out"); }
      throw err;
    }
  }

  // ------------------------------------------------------------------ sign-in
  // ?next=/dashboard... : where to go after signing in (a path on this site only)
  function safeNext() {
    const raw = new URLSearchParams(location.search).get("next");
    if (!raw || raw[0] !== "/" || raw[1] === "/" || raw[1] === "\\") return null;
    try {
      const url = new URL(raw, location.origin);
      return url.origin === location.origin ? url.pathname + url.search + url.hash : null;
    } catch (e) { return null; }
  }
  if (!me) {
    const form = $("login-form");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      $("login-error").textContent = "";
      try {
        await api("POST", "/api/agent/login", { username: $("username").value, password: $("password").value });
        const next = safeNext();
        if (next) { location.assign(next); } else { location.reload(); }
      } catch (e) { $("login-error").textContent = e.message; }
    });
    return;
  }
  if (me.role === "supervisor" && safeNext()) { location.replace(safeNext()); return; }

  let current = null;      // key of the conversation on screen
  let handed = null;       // key of the chat on screen this agent has just handed over
  let currentInfo = null;  // its last known status
  let lastId = 0;          // highest turn id shown
  let chain = Promise.resolve();  // turn fetches run one after another: order is kept
  let orderToken = newToken();
  let sessionPhone = false;  // the conversation has a phone the order can use (prefill)

  function newToken() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return String(Date.now()) + Math.random().toString(36).slice(2, 12);
  }
  function fmtTime(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  }
  function fmtWait(s) {
    s = Math.round(s);
    return s < 60 ? s + "秒" : Math.floor(s / 60) + "分" + (s % 60) + "秒";
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // -------------------------------------------------------------------- queue
  async function loadQueue() {
    const data = await api("GET", "/api/agent/queue");
    const ul = $("queue");
    ul.replaceChildren();
    let waiting = 0;
    for (const item of data.items) {
      if (item.status === "queued") waiting++;
      const li = el("li", item.status + (item.alerted ? " alerted" : "") + (item.key === current ? " active" : ""));
      li.dataset.key = item.key;
      li.dataset.testid = "queue-item";
      const head = item.status === "queued" ? "第" + item.position + "位 · 已等待" + fmtWait(item.waiting_seconds)
        : "处理中 · " + (item.held_by_name || item.held_by || "");
      li.append(el("strong", "", head + " · " + (item.title || item.channel)));
      // a citizen who closed the chat page: agents take live chats first (trial4 F35)
      if (item.left) { li.classList.add("left"); li.append(el("div", "left-note", "诉求人已离开（网页已关闭）")); }
      li.append(el("div", "summary", (item.reason_label ? "原因：" + item.reason_label + "\n" : "") + (item.summary || "")));
      if (item.status === "queued") {
        const b = el("button", "claim", "接入");
        b.type = "button";
        b.addEventListener("click", (ev) => { ev.stopPropagation(); claim(item.key); });
        li.append(b);
      }
      li.addEventListener("click", () => select(item.key));
      ul.append(li);
    }
    $("queue-count").textContent = String(waiting);
    if (me.role === "supervisor") loadOverview();
  }

  async function loadOverview() {
    const data = await api("GET", "/api/agent/overview");
    $("wait-stats").textContent = "排队 " + data.waiting + " 个，最长等待 " + fmtWait(data.longest_wait_seconds);
    const tbody = document.querySelector("#agents tbody");
    tbody.replaceChildren();
    for (const a of data.agents) {
      const tr = el("tr");
      tr.append(el("td", "", a.display_name + "（" + a.username + "）"), el("td", "", a.online ? "在线" : "离线"), el("td", "", String(a.holding)));
      tbody.append(tr);
    }
  }

  async function claim(key) {
    try {
      await api("POST", "/api/agent/claim", { key });
      await select(key);
      await loadQueue();
    } catch (e) { alertBox(e.message); await loadQueue(); }
  }

  // --------------------------------------------------------------------- chat
  async function select(key) {
    current = key; lastId = 0; currentInfo = null; handed = null; sessionPhone = false;
    for (const b of document.querySelectorAll("#reply-form button, #reply-form textarea, " +
        "#chat-actions button, #chat-actions input, #order-form button")) b.disabled = false;
    $("turns").replaceChildren();
    orderToken = newToken();
    $("order-result").textContent = "";
    await syncTurns();
    for (const li of document.querySelectorAll("#queue li")) li.classList.toggle("active", li.dataset.key === key);
  }

  function syncTurns() {
    chain = chain.then(fetchTurns).catch((e) => alertBox(e.message));
    return chain;
  }

  async function fetchTurns() {
    if (!current || current === handed) return;
    const key = current;
    const data = await api("GET", "/api/agent/turns?key=" + encodeURIComponent(key) + "&after=" + lastId);
    if (key !== current) return;
    const mine = data.status === "held" && data.held_by === me.username;
    const changed = !currentInfo || currentInfo.status !== data.status || currentInfo.held_by !== data.held_by;
    currentInfo = data;
    $("chat-title").textContent = data.title || "会话";
    const call = data.channel === "voice";
    // a call's conversation back with the bot is a call that is over (trial4 F52)
    const state = call && data.status === "bot" ? "通话已结束" : (STATUS[data.status] || data.status);
    $("chat-meta").textContent = "渠道：" + window.hotlineChannel(data.channel) + " · 状态：" + state +
      (data.held_by ? "（" + (data.held_by_name || data.held_by) + "）" : "") + (data.work_order ? " · 工单：" + data.work_order : "");
    // on a call the agent answers by voice: no chat reply box (trial4 F51)
    $("reply-form").hidden = !mine || call;
    $("call-note").hidden = !(mine && call);
    $("reply-form").dataset.key = key;
    $("chat-actions").hidden = !(mine || (me.role === "supervisor" && data.status === "held"));
    // only the agent holding the chat files its order; a supervisor watching takes it over
    // first (the server refuses otherwise, trial4 F22)
    $("order-panel").hidden = !mine;
    if (changed && mine) prefill(key);
    for (const t of data.turns) {
      if (t.id <= lastId) continue;
      renderTurn(key, t);
      lastId = t.id;
    }
    const list = $("turns");
    list.scrollTop = list.scrollHeight;
  }

  function renderTurn(key, t) {
    const li = el("li", t.direction);
    li.dataset.turn = String(t.id);
    li.dataset.testid = "turn";
    li.append(el("span", "when", (DIRECTION[t.direction] || t.direction) + (t.author ? "·" + (t.author_name || t.author) : "") + " " + fmtTime(t.at)));
    const text = el("span", "text", t.text);
    li.append(text);
    if (t.masked) {
      const b = el("button", "reveal", "查看");
      b.type = "button";
      b.title = "查看完整个人信息（将记录查看日志）";
      b.addEventListener("click", async () => {
        try {
          const r = await api("POST", "/api/agent/reveal", { key, turn_id: t.id });
          text.textContent = r.text; b.remove();
        } catch (e) { alertBox(e.message); }
      });
      li.append(b);
    }
    (t.attachments || []).forEach((a, i) => {
      const url = "/api/agent/media?key=" + encodeURIComponent(key) + "&turn=" + t.id + "&index=" + i;
      if (a.kind === "image" && a.blob_key) {
        const img = el("img"); img.src = url; img.alt = "图片附件"; li.append(img);
      } else {
        const link = el("a", "", "附件：" + (a.filename || a.kind) + (a.transcript ? "（转写：" + a.transcript + "）" : ""));
        if (a.blob_key) { link.href = url; link.target = "_blank"; }
        li.append(el("br"), link);
      }
    });
    $("turns").append(li);
  }

  // Enter sends, Shift+Enter starts a new line (Ctrl+Enter sends too); not while an input
  // method is composing a character (trial4 F43)
  $("reply-text").addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" || ev.isComposing || ev.keyCode === 229) return;
    if (ev.shiftKey && !ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    $("reply-form").requestSubmit();
  });

  $("reply-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text || !current) return;
    $("reply-btn").disabled = true;
    try {
      await api("POST", "/api/agent/reply", { key: current, text });
      $("reply-text").value = "";
      await syncTurns();
    } catch (e) { alertBox(e.message); }
    $("reply-btn").disabled = false;
  });

  $("transfer-btn").addEventListener("click", async () => {
    const to = $("transfer-to").value.trim();
    if (!to || !current) return;
    try {
      const r = await api("POST", "/api/agent/transfer", { key: current, to });
      handedOver(current, r.display_name + "（" + r.to + "）");
      await loadQueue();
    } catch (e) { alertBox(e.message); }
  });

  // after 转交 the chat is the colleague's: the view says so and its buttons are off until
  // another chat is chosen (trial4 F08); it is not fetched again (it is no longer ours)
  function handedOver(key, to) {
    handed = key;
    $("chat-meta").textContent = "状态：已转交" + to;
    for (const b of document.querySelectorAll("#reply-form button, #reply-form textarea, " +
        "#chat-actions button, #chat-actions input, #order-form button")) b.disabled = true;
    $("order-result").textContent = "";
    alertBox("会话已转交" + to + "，由其继续为诉求人服务。");
  }

  $("release-btn").addEventListener("click", async () => {
    if (!current) return;
    try {
      await api("POST", "/api/agent/release", { key: current });
      await syncTurns(); await loadQueue();
    } catch (e) { alertBox(e.message); }
  });

  // -------------------------------------------------------------- work order
  async function prefill(key) {
    try {
      const p = await api("GET", "/api/agent/prefill?key=" + encodeURIComponent(key));
      $("order-type").value = p.order_type || "appeal";
      $("order-text").value = p.text || "";
      // 县区 from Heze's list only (the server refuses anything else, trial4 F45)
      const county = $("order-county");
      county.replaceChildren(new Option("（未确定）", ""),
        ...(p.counties || []).map((c) => new Option(c, c)));
      county.value = (p.counties || []).includes(p.county) ? p.county : "";
      $("order-township").value = p.township || "";
      $("order-address").value = p.address || "";
      $("order-since").value = p.since || "";
      $("order-name").value = p.contact_name || "";
      sessionPhone = !!p.has_contact_phone;
      $("order-phone").placeholder = p.has_contact_phone
        ? "留空则使用" + (p.contact_phone_hint ? p.contact_phone_hint + "的电话" : "会话中登记的电话")
        : "会话中未登记电话";
      $("order-anonymous").checked = !!p.anonymous;
      if (p.work_order) $("order-result").textContent = "已登记工单：" + p.work_order;
    } catch (e) { alertBox(e.message); }
  }

  $("order-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!current) return;
    const v = (id) => $(id).value.trim() || null;
    // an order the unit cannot answer: a phone, or the citizen's choice of 匿名 (trial4 F49)
    if (!v("order-phone") && !sessionPhone && !$("order-anonymous").checked) {
      $("order-result").textContent = "请填写联系电话，或在诉求人不愿留联系方式时勾选“匿名”。";
      $("order-phone").focus();
      return;
    }
    $("order-btn").disabled = true;
    const body = {
      key: current, token: orderToken, text: $("order-text").value.trim(),
      order_type: $("order-type").value, county: v("order-county"), township: v("order-township"),
      address: v("order-address"), since: v("order-since"), contact_name: v("order-name"),
      contact_phone: v("order-phone"), use_session_contact: !v("order-phone"),
      anonymous: $("order-anonymous").checked,
    };
    try {
      let r;
      try {
        r = await api("POST", "/api/agent/order", body);
      } catch (e) {
        // the conversation has an order already: a second one only on the agent's word
        if (e.code !== "OrderExists" || !window.confirm(e.message + "\n确定为另一事项再登记一件工单吗？")) throw e;
        r = await api("POST", "/api/agent/order", { ...body, again: true });
      }
      $("order-result").textContent = "工单已登记：" + r.number + "，承办单位：" + r.unit_name;
      orderToken = newToken();
      clearOrderForm();
      await syncTurns();
    } catch (e) { $("order-result").textContent = e.message; }
    $("order-btn").disabled = false;
  });

  // after an order the form is empty: the same content is not filed twice by a second click
  function clearOrderForm() {
    for (const id of ["order-text", "order-county", "order-township", "order-address",
      "order-since", "order-name", "order-phone"]) {
      $(id).value = "";
      delete $(id).dataset.touched;
    }
    $("order-anonymous").checked = false;
  }

  // ------------------------------------------------------------------- misc
  function alertBox(msg) {
    const d = el("div", "", msg);
    $("alerts").prepend(d);
    setTimeout(() => d.remove(), 15000);
  }

  $("logout").addEventListener("click", async () => {
    // chats still held go back to the queue on sign-out: warn first (trial4 F33)
    let held = 0;
    try {
      const q = await api("GET", "/api/agent/queue");
      held = q.items.filter((i) => i.status === "held" && i.held_by === me.username).length;
    } catch (e) { held = 0; }
    if (held > 0 && !window.confirm("您还有" + held + "个会话在处理，退出后将回到排队。确定退出吗？")) return;
    try { await api("POST", "/api/agent/logout", {}); } finally { location.reload(); }
  });

  let queueTimer = null;
  function queueSoon() {
    if (queueTimer) return;
    queueTimer = setTimeout(() => { queueTimer = null; loadQueue().catch(() => {}); }, 150);
  }

  function connect() {
    const es = new EventSource("/api/agent/events");
    es.addEventListener("hello", () => {
      $("live").className = "live on"; queueSoon(); syncTurns();
      window.dispatchEvent(new CustomEvent("hotline:live"));
    });
    es.addEventListener("turn", (ev) => {
      const data = JSON.parse(ev.data);
      if (data.key === current) syncTurns();
    });
    es.addEventListener("inbound", (ev) => {
      const data = JSON.parse(ev.data);
      if (data.key !== current) alertBox("您接入的其他会话有新消息");
    });
    es.addEventListener("queue", (ev) => {
      queueSoon();
      const data = JSON.parse(ev.data);
      if (data.key === current) syncTurns();
    });
    es.addEventListener("alert", (ev) => {
      const data = JSON.parse(ev.data);
      // the queue item's readable title, never the internal conversation key
      const waiting = document.querySelector('#queue li[data-key="' + CSS.escape(data.key) + '"] strong');
      const title = waiting ? waiting.textContent.split(" · ").slice(2).join(" · ") : "";
      alertBox("会话等待过久，请尽快接入" + (title ? "：" + title : ""));
      queueSoon();
    });
    // emergency records and outgoing pictures live in emergency.js / attach.js
    es.addEventListener("emergency", () => window.dispatchEvent(new CustomEvent("hotline:emergency")));
    // calls: the calls panel lives in calls.js; it may ask to open a call's conversation
    es.addEventListener("call", (ev) =>
      window.dispatchEvent(new CustomEvent("hotline:call", { detail: JSON.parse(ev.data) })));
    es.addEventListener("expired", () => { es.close(); location.reload(); });
    es.onerror = () => { $("live").className = "live off"; };
  }

  window.addEventListener("hotline:open", (ev) => {
    queueSoon();
    select(ev.detail.key).catch(() => {});
  });
  connect();
  loadQueue().catch((e) => alertBox(e.message));
  setInterval(() => { loadQueue().catch(() => {}); }, 10000);
})();
