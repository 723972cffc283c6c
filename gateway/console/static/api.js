// The one fetch helper of the console's pages (the agent console and its panels, the
// inspection view): JSON in and out with the session cookie; a refusal becomes an Error
// with the server's Chinese detail as its message, the HTTP status as err.status and the
// problem's code (e.g. OrderExists) as err.code.
// Plain JS, no CDN; loaded before the page's own scripts.
"use strict";
window.hotlineApi = async function hotlineApi(method, path, body) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) {
    const detail = data && data.detail;
    const err = new Error(typeof detail === "string" ? detail : "操作失败（" + res.status + "）");
    err.status = res.status;
    err.code = data && data.code;
    throw err;
  }
  return data;
};

// The Chinese name of a channel for every console page (never the code "web", "voice").
window.hotlineChannel = function hotlineChannel(code) {
  const names = { web: "网页", wechat: "微信", sms: "短信", voice: "电话", weibo: "微博",
    telegram: "Telegram", open311: "开放接口", console: "坐席工作台" };
  return names[code] || "其他渠道";
};
// Times as the centre reads them: Beijing time, whatever the browser's own zone.
window.hotlineTime = function hotlineTime(iso) {
  return new Date(iso).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
};
