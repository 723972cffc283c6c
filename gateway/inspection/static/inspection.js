// 服务质检: scores per agent and day, records with the turns behind each finding, contests.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const STATE = { open: "待确认", contested: "申诉中", upheld: "维持", withdrawn: "已撤销" };
  const DIR = { in: "诉求人", agent: "坐席", out: "机器人", system: "系统" };
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const api = window.hotlineApi;  // /agent/static/api.js
  async function loadScores() {
    const tbody = document.querySelector("#scores tbody");
    try {
      const data = await api("GET", "/api/inspection/scores");
      tbody.replaceChildren();
      for (const s of data.items) {
        const tr = el("tr");
        for (const v of [s.agent_name || s.agent, s.day, s.inspected, s.average, s.passed, s.red_lines]) tr.append(el("td", "", String(v)));
        tbody.append(tr);
      }
    } catch (e) { $("scores-section").hidden = true; }  // agents: only their own records
  }
  // each role sees only the actions it may take: the finding's agent contests, a
  // supervisor decides (no button that can only answer "仅值班长可用")
  let me = null;
  async function whoAmI() {
    if (!me) me = (await api("GET", "/api/agent/me")).agent;
    return me;
  }
  async function loadRecords() {
    const viewer = await whoAmI();
    const box = $("records");
    const q = $("only-red").checked ? "?red_line=true" : "";
    const data = await api("GET", "/api/inspection/records" + q);
    box.replaceChildren();
    for (const r of data.items) {
      const div = el("div", "record" + (r.red_line ? " red" : ""));
      div.dataset.testid = "record";
      div.append(el("strong", "", (r.agent ? (r.agent_name || r.agent) : "（无坐席）") + " · " + (r.score === null ? (r.status_label || "无可质检内容") : r.score + "分") + " · " + window.hotlineChannel(r.channel) + " · " + window.hotlineTime(r.at) + (r.work_order ? " · 工单 " + r.work_order : "")));
      const ul = el("ul");
      for (const f of r.findings) {
        const li = el("li", f.red_line ? "red-line" : "");
        li.dataset.testid = "finding";
        li.append(el("span", "", (f.red_line ? "【红线】" : "") + f.label + "（-" + f.deduct + "，" + (STATE[f.state] || f.state) + "）"));
        const turns = el("ol");
        for (const t of f.turns) turns.append(el("li", "", (DIR[t.direction] || t.direction) + (t.author ? "·" + (t.author_name || t.author) : "") + "：" + t.text));
        if (!f.turns.length && f.excerpt) turns.append(el("li", "", f.excerpt));
        li.append(turns);
        if (f.state === "open" && r.agent === viewer.username) {
          const b = el("button", "", "申诉"); b.type = "button";
          b.addEventListener("click", async () => {
            const reason = prompt("申诉理由");
            if (!reason) return;
            try { await api("POST", "/api/inspection/findings/" + f.id + "/contest", { reason }); loadRecords(); } catch (e) { alert(e.message); }
          });
          li.append(b);
        } else if (f.state === "contested") {
          li.append(el("div", "meta", "申诉理由：" + (f.contest_reason || "")));
          for (const [label, uphold] of viewer.role === "supervisor" ? [["维持", true], ["撤销", false]] : []) {
            const b = el("button", "", label); b.type = "button";
            b.addEventListener("click", async () => {
              try { await api("POST", "/api/inspection/findings/" + f.id + "/decide", { uphold }); loadRecords(); loadScores(); } catch (e) { alert(e.message); }
            });
            li.append(b);
          }
        }
        ul.append(li);
      }
      div.append(ul);
      box.append(div);
    }
  }
  $("only-red").addEventListener("change", loadRecords);
  loadScores(); loadRecords().catch((e) => { $("records").textContent = e.message; });
})();
