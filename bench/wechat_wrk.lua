-- wrk script for bench/wechat_wrk.py: WeChat plain-mode text pushes, a fresh MsgId each,
-- half from citizens never seen before, half from a pool of 2,000 returning citizens.
-- The signed query string is in the URL (plain mode signs token, timestamp and nonce only).
local thread_id = 0
local texts = {
  "小区门口的路灯坏了一个多月了，晚上出行很不方便",
  "楼下烧烤店油烟太大，每天晚上噪音扰民",
  "公交站台的遮雨棚破损，下雨天没法等车",
  "你好",
  "我们小区停水两天了，什么时候能恢复供水",
  "暖气不热，家里只有十几度",
  "谢谢",
  "确认",
}

-- most texts are made unique (a building and room number), so no cache of identical
-- texts answers for the NLU; the short ones (你好, 谢谢, 确认) stay as citizens send them
local function vary(text)
  if #text < 12 then
    return text
  end
  return string.format("%s，我家在%d号楼%d单元", text, math.random(1, 300), math.random(1, 9))
end

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  run = args[1] or "1"
  -- freshly signed paths, one a line (bench/wechat_wrk.py): each request its own nonce
  paths = {}
  if args[2] then
    for line in io.lines(args[2]) do
      paths[#paths + 1] = line
    end
  end
  nthreads = tonumber(args[3] or "1")
  counter = 0
  replies = 0
  empty = 0
  math.randomseed(os.time() * 100 + id)
end

function request()
  counter = counter + 1
  local user
  if math.random() < 0.5 then
    user = string.format("onew%s_%d_%d", run, id, counter)
  else
    user = string.format("opool%s_%d", run, math.random(1, 2000))
  end
  local msgid = string.format("%s%02d%010d", run, id, counter)
  local body = string.format(
    "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"
      .. "<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType>"
      .. "<Content><![CDATA[%s]]></Content><MsgId>%s</MsgId></xml>",
    user, os.time(), vary(texts[math.random(1, #texts)]), msgid)
  local path = nil
  if #paths > 0 then
    path = paths[((counter - 1) * nthreads + id) % #paths + 1]
  end
  return wrk.format("POST", path, {["Content-Type"] = "text/xml"}, body)
end

function response(status, headers, body)
  if status == 200 and body and string.find(body, "<Content>", 1, true) then
    replies = replies + 1
  else
    empty = empty + 1
  end
end

threads = {}
local orig_setup = setup
function setup(thread)
  orig_setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local r, e = 0, 0
  for _, t in ipairs(threads) do
    r = r + (t:get("replies") or 0)
    e = e + (t:get("empty") or 0)
  end
  io.write(string.format("replies with text: %d, without: %d\n", r, e))
end
