import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, field [client,key], request hash, now ms, expires at ms, now, expires at.
 * Returns 'started', 'in-flight', 'mismatch' or {'completed', response JSON}.
 */
export const beginIdempotentScript = new LuaScript(`${LUA_LIBRARY}
local field, request_hash, now_ms = ARGV[2], ARGV[3], tonumber(ARGV[4])
local key = idempotency_key(field)
local record = redis.call('HMGET', key, 'requestHash', 'state', 'response', 'expiresAtMs')
if record[1] and tonumber(record[4]) > now_ms then
  if record[1] ~= request_hash then return 'mismatch' end
  if record[2] == 'completed' then return { 'completed', record[3] } end
  return 'in-flight'
end
redis.call('DEL', key)
redis.call('HSET', key, 'requestHash', request_hash, 'state', 'in-flight', 'createdAt', ARGV[6], 'expiresAt', ARGV[7], 'expiresAtMs', ARGV[5])
redis.call('ZADD', IDEMPOTENCY_EXPIRY, ARGV[5], field)
return 'started'
`);

/**
 * ARGV: prefix, field, response JSON, expires at ('' keeps it), expires at ms.
 * Stores the response on an existing record only.
 */
export const completeIdempotentScript = new LuaScript(`${LUA_LIBRARY}
complete_idempotency(ARGV[2], ARGV[3], ARGV[4], ARGV[5])
return 1
`);

/** ARGV: prefix, field. Deletes the record only while it is in flight. */
export const abandonIdempotentScript = new LuaScript(`${LUA_LIBRARY}
local key = idempotency_key(ARGV[2])
if redis.call('HGET', key, 'state') == 'in-flight' then
  redis.call('DEL', key)
  redis.call('ZREM', IDEMPOTENCY_EXPIRY, ARGV[2])
end
return 1
`);

/** ARGV: prefix, now ms. Deletes records with expiry <= now; returns how many. */
export const purgeExpiredIdempotencyScript = new LuaScript(`${LUA_LIBRARY}
local fields = redis.call('ZRANGEBYSCORE', IDEMPOTENCY_EXPIRY, '-inf', ARGV[2])
local purged = 0
for _, field in ipairs(fields) do
  purged = purged + redis.call('DEL', idempotency_key(field))
  redis.call('ZREM', IDEMPOTENCY_EXPIRY, field)
end
return purged
`);
