import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, certificate id, application id, code ('' while pending), status,
 * notBefore ms, the stored status read ('' for none), then field/value pairs
 * (null fields left out). Replaces the pickup (keeping its createdAt) only
 * while its status is still the one read: whether it may be replaced is
 * `mayReplacePickup`'s rule, decided before. Returns the stored hash as an
 * array, 'stale' (read again), or 'application-not-found' / 'duplicate-pickup-code'.
 */
export const savePickupScript = new LuaScript(`${LUA_LIBRARY}
local certificate, application, code, status, not_before_ms, expected = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = pickup_key(certificate)
if redis.call('EXISTS', app_key(application)) == 0 then return 'application-not-found' end
if (redis.call('HGET', key, 'status') or '') ~= expected then return 'stale' end
local pickup_number = string.sub(code, 1, 8)
if code ~= '' then
  -- by number, and by the whole code for pickups saved before numbers were kept
  local owner = redis.call('HGET', PICKUP_NUMBERS, pickup_number) or redis.call('HGET', PICKUP_CODES, code)
  if owner and owner ~= certificate then return 'duplicate-pickup-code' end
end
local created_at = redis.call('HGET', key, 'createdAt')
redis.call('DEL', key)
redis.call('HSET', key, unpack(ARGV, 8))
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

/**
 * ARGV: prefix, certificate id, expected status, new status, now, '1' to set
 * fetchedAt = now, '1' to require the code unlocked. The compare-and-set of a
 * pickup transition `pickup-transitions.ts` allowed: applies only while the
 * pickup still has the expected status (and no lock, when required).
 * Returns 1 when applied, 0 when the pickup changed meanwhile.
 */
export const movePickupScript = new LuaScript(`${LUA_LIBRARY}
local certificate, expected, status, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = pickup_key(certificate)
if redis.call('HGET', key, 'status') ~= expected then return 0 end
if ARGV[7] == '1' and redis.call('HEXISTS', pickup_lock_key(certificate), 'lockedAt') == 1 then return 0 end
if ARGV[6] == '1' then
  redis.call('HSET', key, 'status', status, 'fetchedAt', now, 'updatedAt', now)
else
  redis.call('HSET', key, 'status', status, 'updatedAt', now)
end
return 1
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
