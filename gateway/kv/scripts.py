"""The Lua scripts of :class:`gateway.kv.redis_store.RedisStore`: each a composed operation of
:class:`gateway.kv.interface.Store` in one round trip (atomic on the server)."""

CAD = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""

# KEYS: claim, meta, lock, rate, reads…; ARGV: claim value, claim ms, meta value,
# meta ms, token, lock ms, rate ms
OPEN_TURN = """
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {0} end
redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[4])
if not redis.call('set', KEYS[3], ARGV[5], 'PX', ARGV[6], 'NX') then return {1, 0} end
local n = redis.call('incr', KEYS[4])
if n == 1 then redis.call('pexpire', KEYS[4], ARGV[7]) end
local out = {1, 1, n}
for i = 5, #KEYS do out[#out + 1] = redis.call('get', KEYS[i]) end
return out
"""

# KEYS: rate, reads…; ARGV: rate ms
LOCKED_READS = """
local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
local out = {n}
for i = 2, #KEYS do out[#out + 1] = redis.call('get', KEYS[i]) end
return out
"""

# KEYS: session, pending list, lock, answer; ARGV: state, state ms, token, answer ms
# (0: no expiry), replies (JSON objects)…
END_TURN = """
if tonumber(ARGV[2]) > 0 then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('set', KEYS[1], ARGV[1])
end
local items = redis.call('lrange', KEYS[2], 0, -1)
if #items > 0 then redis.call('del', KEYS[2]) end
if redis.call('get', KEYS[3]) == ARGV[3] then redis.call('del', KEYS[3]) end
local parts = {}
for i = 1, #items do parts[#parts + 1] = items[i] end
for i = 5, #ARGV do parts[#parts + 1] = ARGV[i] end
local answer = '[' .. table.concat(parts, ',') .. ']'
if tonumber(ARGV[4]) > 0 then
  redis.call('set', KEYS[4], answer, 'PX', ARGV[4])
else
  redis.call('set', KEYS[4], answer)
end
return items
"""

INCR = """
local v = redis.call('incr', KEYS[1])
if v == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
return v
"""

# KEYS: key, then-keys…; ARGV: value, ms, then-values and ms in pairs…
SET_ONCE_THEN = """
local first = redis.call('get', KEYS[1])
if first == false then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif first ~= ARGV[1] then
  return first
end
for i = 2, #KEYS do redis.call('set', KEYS[i], ARGV[2 * i - 1], 'PX', ARGV[2 * i]) end
return first
"""
