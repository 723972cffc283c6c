// 查看记录 (supervisors): the console's audit log — who claimed, handed over, opened
// personal data, filed orders, took callbacks — Beijing time, display names, Chinese
// action names (trial4 F29). Plain JS, no CDN; data only ever set via textContent.
"use strict";
(function () {
  const ACTIONS = {
    claim: "接入会话", transfer: "转交", release: "交回机器人", reveal_pii: "查看个人信息",
    open_order: "登记工单", expire: "离线，会话回到排队", logout: "退出，会话回到排队",
    alert: "等待超时提醒", handoff: "转人工", call_accept: "接听来电", call_release: "来电会话结束",
    call_ended: "通话结束", callback_add: "新增回拨任务", callback_claim: "领取回拨",
    callback_done: "记录回拨结果", listen: "收听留言", listen_failed: "留言无法播放",
    contest_finding: "质检申诉", decide_finding: "质检裁定", emergency_reveal: "查看紧急事项号码",
  };
  function el(tag, text) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  async function load() {
    const tbody = document.querySelector("#audit tbody");
    const [log, overview] = await Promise.all([
      window.hotlineApi("GET", "/api/agent/audit"),
      window.hotlineApi("GET", "/api/agent/overview"),
    ]);
    const names = {};
    for (const a of overview.agents) names[a.username] = a.display_name;
    const who = (u) => (u === "system" || u === "twilio") ? "系统" : (names[u] ? names[u] + "（" + u + "）" : u);
    tbody.replaceChildren();
    for (const e of log.entries) {
      const tr = el("tr");
      tr.dataset.testid = "audit-entry";
      const detail = e.detail || {};
      const said = [];
      if (detail.to) said.push("转交给" + who(detail.to));
      if (detail.number) said.push("工单 " + detail.number);
      if (detail.outcome) said.push("结果 " + detail.outcome);
      if (detail.waited) said.push("已等待" + Math.round(detail.waited) + "秒");
      tr.append(el("td", window.hotlineTime(e.at)), el("td", who(e.actor)),
        el("td", ACTIONS[e.action] || e.action), el("td", e.conversation ? "…" + e.conversation.slice(-6) : ""),
        el("td", said.join("，")));
      tbody.append(tr);
    }
    if (!log.entries.length) tbody.append(el("tr", "暂无记录"));
  }
  load().catch((e) => { document.querySelector("#audit tbody").textContent = e.message; });
})();
