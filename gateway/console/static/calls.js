// 来电与回拨 (calls panel): incoming calls offered live, accept, after-call work, and the
// missed-call callback list. Plain JS, no CDN; user data only ever set via textContent.
// Events come from console.js's stream as window "hotline:call" events.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  if (!window.CONSOLE_AGENT || !$("calls")) return;
  const STATE = { queued: "排队中", ringing: "正在接通", "in-progress": "通话中" };
  const ENDPOINT = { client: "网页话机", sip: "SIP 话机", number: "座机号码" };
  let outcomes = {};
  let timer = null;
  let lastEnded = null;  // my call that ended: after-call work until 整理完毕
  let workEnds = 0;      // when the sweep closes that work (this page's clock, ms)
  let answerSeconds = 15;  // the answer target: a queued call's wait turns red past it
  const numbers = {};    // callback id -> the number this agent claimed (domestic form)

  function fmtSeconds(s) {
    s = Math.max(0, Math.round(s));
    return s < 60 ? s + "秒" : Math.floor(s / 60) + "分" + (s % 60) + "秒";
  }
  function endpointText(ep) {
    return (ENDPOINT[ep.kind] || "其他") + " " + ep.address;
  }

  const api = window.hotlineApi;  // api.js

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function note(msg) { $("calls-note").textContent = msg; }

  function renderCalls(calls) {
    const ul = $("call-list");
    ul.replaceChildren();
    $("calls-count").textContent = String(calls.filter((c) => c.status === "queued").length);
    for (const c of calls) {
      const li = el("li", "call " + c.status);
      li.dataset.sid = c.sid;
      li.append(el("strong", "", c.title), el("span", "meta", " " + (STATE[c.status] || c.status)));
      if (c.agent) li.append(el("span", "meta", " · " + c.agent));
      if (c.status === "queued") {
        // the caller's waiting time, counting, red past the answer target (trial4 F53)
        const wait = el("span", "wait");
        wait.dataset.since = String(Date.now() - c.waiting_seconds * 1000);
        wait.dataset.testid = "call-wait";
        li.append(wait);
        const b = el("button", "accept", "接听");
        b.dataset.testid = "accept-call";
        b.addEventListener("click", () => accept(c));
        li.append(b);
      }
      ul.append(li);
    }
  }

  function renderCallbacks(items) {
    const ul = $("callback-list");
    ul.replaceChildren();
    $("callbacks-count").textContent = String(items.length);
    for (const item of items) {
      const li = el("li", "callback " + item.status);
      li.dataset.testid = "callback-item";
      li.append(el("strong", "", item.title), el("span", "meta", " " + item.reason_label));
      if (item.recording) li.append(el("span", "meta", " · 有留言"));
      // when the call came and how long the caller waited (trial4 F54)
      if (item.called_at) {
        const when = el("div", "meta when", "来电时间 " + window.hotlineTime(item.called_at) +
          (item.waited_seconds !== null && item.waited_seconds !== undefined
            ? " · 等待" + fmtSeconds(item.waited_seconds) : ""));
        li.append(when);
      }
      if (item.status === "open") {
        const b = el("button", "", "领取回拨");
        b.addEventListener("click", () => claimCallback(item, li));
        li.append(b);
      } else if (item.claimed_by === window.CONSOLE_AGENT.username) {
        if (numbers[item.id]) {
          const n = el("div", "number", "回拨号码：" + numbers[item.id]);
          n.dataset.testid = "callback-number";
          li.append(n);
        }
        if (item.recording) {
          const audio = el("audio");
          audio.controls = true; audio.preload = "none";
          audio.src = "/api/agent/callbacks/recording?id=" + encodeURIComponent(item.id);
          li.append(audio);
        }
        li.append(outcomeForm(item));
      } else {
        li.append(el("span", "meta", " · " + (item.claimed_by || "") + " 回拨中"));
      }
      ul.append(li);
    }
  }

  function outcomeForm(item) {
    const box = el("span", "outcome");
    const sel = el("select");
    for (const [k, label] of Object.entries(outcomes)) {
      const o = el("option", "", label); o.value = k; sel.append(o);
    }
    const b = el("button", "", "记录结果");
    b.addEventListener("click", async () => {
      try {
        await api("POST", "/api/agent/callbacks/done", { id: item.id, outcome: sel.value });
        note("已记录回拨结果：" + outcomes[sel.value]);
        loadSoon();
      } catch (e) { note(e.message); }
    });
    box.append(sel, b);
    return box;
  }

  async function claimCallback(item, li) {
    try {
      const r = await api("POST", "/api/agent/callbacks/claim", { id: item.id });
      // the number in the item, as dialled here (138 5300 1234), not under 来电 (F54)
      numbers[item.id] = r.number_domestic || r.number;
      note("已领取回拨任务（查看号码已记录）");
      loadSoon();
    } catch (e) { note(e.message); }
  }

  async function accept(c) {
    try {
      await api("POST", "/api/agent/calls/accept", { sid: c.sid });
      note("已接听：" + c.title + "，正在接通您的话机");
      window.dispatchEvent(new CustomEvent("hotline:open", { detail: { key: c.conversation } }));
    } catch (e) { note(e.message); }
    loadSoon();
  }

  async function load() {
    const data = await api("GET", "/api/agent/calls");
    outcomes = data.outcomes || {};
    renderCalls(data.calls || []);
    renderCallbacks(data.callbacks || []);
    if (data.endpoint) $("endpoint-now").textContent = endpointText(data.endpoint);
    if (data.answer_seconds) answerSeconds = data.answer_seconds;
    // after-call work: the server's list (survives a reload), with the time left (F52)
    const work = data.after_work || [];
    if (work.length) {
      lastEnded = work[0].sid;
      workEnds = Date.now() + work[0].remaining_seconds * 1000;
    } else if (lastEnded) {
      lastEnded = null; workEnds = 0;
    }
    $("wrap-btn").hidden = !lastEnded;
    tick();
  }

  // once a second: queued calls' waiting time, and the after-call countdown
  function tick() {
    for (const w of document.querySelectorAll("#call-list .wait")) {
      const waited = (Date.now() - Number(w.dataset.since)) / 1000;
      w.textContent = " · 已等待" + fmtSeconds(waited);
      w.classList.toggle("late", waited >= answerSeconds);
    }
    if (lastEnded && workEnds) {
      note("通话已结束，请完成话后整理（剩余" + fmtSeconds((workEnds - Date.now()) / 1000) + "）");
    }
  }
  setInterval(tick, 1000);

  function loadSoon() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; load().catch(() => {}); }, 100);
  }

  $("wrap-btn").addEventListener("click", async () => {
    if (!lastEnded) return;
    try {
      const r = await api("POST", "/api/agent/calls/wrapped", { sid: lastEnded });
      lastEnded = null; workEnds = 0;
      note("话后整理完毕（用时" + fmtSeconds(r.after_work_seconds) + "）");
    } catch (e) { note(e.message); }
    lastEnded = null; workEnds = 0;
    $("wrap-btn").hidden = true;
  });

  $("endpoint-btn").addEventListener("click", async () => {
    try {
      const r = await api("POST", "/api/agent/calls/endpoint",
        { kind: $("endpoint-kind").value, address: $("endpoint-address").value });
      $("endpoint-now").textContent = endpointText(r.endpoint);
      note("接听方式已保存");
    } catch (e) { note(e.message); }
  });

  window.addEventListener("hotline:call", (ev) => {
    const d = ev.detail || {};
    if (d.event === "offer") note("新来电：" + (d.title || ""));
    if (d.event === "ended" && d.agent === window.CONSOLE_AGENT.username) {
      lastEnded = d.sid;
      note("通话已结束，请完成话后整理");  // the countdown follows with the panel's data
    }
    loadSoon();
  });
  window.addEventListener("hotline:live", loadSoon);
  load().catch(() => {});
  setInterval(() => load().catch(() => {}), 10000);
})();
