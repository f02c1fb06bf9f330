import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, certificate id, application id, code ('' while pending), status,
 * notBefore ms, then field/value pairs (null fields left out). Replaces a pending
 * pickup (keeping its createdAt), never one past pending. Returns the stored
 * hash as an array, or 'application-not-found' / 'duplicate-pickup-code'.
 */
export const savePickupScript = new LuaScript(`${LUA_LIBRARY}
local certificate, application, code, status, not_before_ms = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key = pickup_key(certificate)
if redis.call('EXISTS', app_key(application)) == 0 then return 'application-not-found' end
local stored = redis.call('HGET', key, 'status')
if stored and stored ~= 'pending' then return redis.call('HGETALL', key) end
local pickup_number = string.sub(code, 1, 8)
if code ~= '' then
  -- by number, and by the whole code for pickups saved before numbers were kept
  local owner = redis.call('HGET', PICKUP_NUMBERS, pickup_number) or redis.call('HGET', PICKUP_CODES, code)
  if owner and owner ~= certificate then return 'duplicate-pickup-code' end
end
local created_at = redis.call('HGET', key, 'createdAt')
redis.call('DEL', key)
redis.call('HSET', key, unpack(ARGV, 7))
if created_at then redis.call('HSET', key, 'createdAt', created_at) end
if code ~= '' then
  redis.call('HSET', PICKUP_CODES, code, certificate)
  redis.call('HSET', PICKUP_NUMBERS, pickup_number, certificate)
end
if status == 'pending' then
  redis.call('ZADD', PICKUPS_DUE, not_before_ms, certificate)
else
  redis.call('ZREM', PICKUPS_DUE, certificate)
end
return redis.call('HGETALL', key)
`);

/** ARGV: prefix, code, now, now ms. Returns 'ok', 'already-fetched', 'expired', 'locked' or 'unknown'. */
export const markPickupFetchedScript = new LuaScript(`${LUA_LIBRARY}
local certificate = redis.call('HGET', PICKUP_CODES, ARGV[2])
if not certificate then return 'unknown' end
if redis.call('HEXISTS', pickup_lock_key(certificate), 'lockedAt') == 1 then return 'locked' end
local key = pickup_key(certificate)
local pickup = redis.call('HMGET', key, 'status', '_expiresAtMs')
if pickup[1] == 'fetched' or pickup[1] == 'printed' then return 'already-fetched' end
if pickup[1] ~= 'requested' or tonumber(ARGV[4]) >= tonumber(pickup[2]) then return 'expired' end
redis.call('HSET', key, 'status', 'fetched', 'fetchedAt', ARGV[3], 'updatedAt', ARGV[3])
return 'ok'
`);

/** ARGV: prefix, code, 'printed' | 'expired', now. Returns 'updated', 'unchanged', 'not-fetched' or 'unknown'. */
export const updatePickupStatusScript = new LuaScript(`${LUA_LIBRARY}
local certificate = redis.call('HGET', PICKUP_CODES, ARGV[2])
if not certificate then return 'unknown' end
local key = pickup_key(certificate)
local current = redis.call('HGET', key, 'status')
if current == 'printed' or current == 'expired' then return 'unchanged' end
if ARGV[3] == 'printed' and current ~= 'fetched' then return 'not-fetched' end
redis.call('HSET', key, 'status', ARGV[3], 'updatedAt', ARGV[4])
return 'updated'
`);

/**
 * ARGV: prefix, certificate id, now, lockAfter. Counts a wrong check part on an
 * existing pickup and locks its code (once, at the first count that reaches
 * lockAfter). Returns { wrongCheckParts, lockedAt or '' }.
 */
export const recordWrongCheckPartScript = new LuaScript(`${LUA_LIBRARY}
local certificate, now, lock_after = ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('EXISTS', pickup_key(certificate)) == 0 then return {0, ''} end
local key = pickup_lock_key(certificate)
local count = redis.call('HINCRBY', key, 'wrongCheckParts', 1)
if count >= lock_after then redis.call('HSETNX', key, 'lockedAt', now) end
return {count, redis.call('HGET', key, 'lockedAt') or ''}
`);
