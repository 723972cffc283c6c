// 发送图片 (attach a picture to a reply): the picture goes to the citizen on their own
// channel (WeChat and Telegram upload it, MMS carries it, others show a link).
"use strict";
(function () {
  if (!window.CONSOLE_AGENT) return;
  const form = document.getElementById("reply-form");
  if (!form) return;
  // a Chinese button over a hidden file input: never the browser's own "Choose File /
  // No file chosen" in its own language (trial4 F16)
  const wrap = document.createElement("span");
  wrap.className = "attach";
  const input = document.createElement("input");
  input.type = "file";
  input.accept = "image/jpeg,image/png,image/gif,image/webp";
  input.id = "reply-image";
  input.dataset.testid = "reply-image";
  input.hidden = true;
  const pick = document.createElement("button");
  pick.type = "button";
  pick.id = "reply-image-btn";
  pick.className = "pick";
  pick.textContent = "发送图片";
  pick.title = "选择一张图片发送给诉求人（JPG、PNG、GIF、WebP）";
  pick.addEventListener("click", () => input.click());
  wrap.append(pick, input);
  const status = document.createElement("span");
  status.className = "attach-status";
  status.setAttribute("role", "status");
  form.append(wrap, status);

  function base64Of(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    const key = form.dataset.key;
    if (!file || !key) return;
    status.textContent = "正在发送图片……";
    try {
      const text = document.getElementById("reply-text").value.trim();
      const res = await fetch("/api/agent/reply-image", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ key, text, filename: file.name, mime: file.type, data: await base64Of(file) }),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new Error((data && typeof data.detail === "string") ? data.detail : "发送失败（" + res.status + "）");
      status.textContent = "图片已发送";
      if (text) document.getElementById("reply-text").value = "";
    } catch (e) { status.textContent = e.message; }
    input.value = "";
  });
})();
