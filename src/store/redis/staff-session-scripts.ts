import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, id, time-to-live ms, then field/value pairs. Writes the session
 * hash only when the id is new; returns 1, or 0 when it exists.
 */
export const createStaffSessionScript = new LuaScript(`${LUA_LIBRARY}
local key = staff_session_key(ARGV[2])
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, unpack(ARGV, 4))
redis.call('PEXPIRE', key, ARGV[3])
return 1
`);

/**
 * ARGV: prefix, id, now, now ms, idle end, idle end ms. A live session gets
 * `lastSeenAt` and its new idle end, and expires at the earlier of its two
 * ends (as a time to live from now: the server's clock is not the caller's).
 * Returns 1, or 0 when absent or ended.
 */
export const touchStaffSessionScript = new LuaScript(`${LUA_LIBRARY}
local key = staff_session_key(ARGV[2])
local ends = redis.call('HMGET', key, '_idleMs', '_absoluteMs')
if not ends[1] then return 0 end
local now_ms = tonumber(ARGV[4])
local absolute_ms = tonumber(ends[2])
if tonumber(ends[1]) <= now_ms or absolute_ms <= now_ms then return 0 end
local idle_ms = tonumber(ARGV[6])
redis.call('HSET', key, 'lastSeenAt', ARGV[3], 'idleExpiresAt', ARGV[5], '_idleMs', ARGV[6])
redis.call('PEXPIRE', key, math.max(1, math.min(idle_ms, absolute_ms) - now_ms))
return 1
`);
