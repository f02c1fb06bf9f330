import { auditedScript } from './audit-scripts.js';
import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** ARGV: prefix, 7 new-job values, now. Returns 'ok' or an error code. */
export const enqueueJobScript = new LuaScript(`${LUA_LIBRARY}
local job = read_new_job(2)
local problem = new_job_problem(job, false)
if problem then return problem end
insert_job(job, ARGV[9])
return 'ok'
`);

/**
 * Leases due jobs in (runAt, id) order: ready and waiting jobs with runAt <= now
 * and leased jobs whose lease ended before now.
 * ARGV: prefix, owner, now ms, now, lease until, lease until ms, limit.
 * Returns the claimed jobs as HGETALL arrays.
 */
export const claimJobsScript = new LuaScript(`${LUA_LIBRARY}
local owner, now_ms, now, lease_until, lease_until_ms, limit = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
local candidates = {}
local function collect(set, source)
  local found = redis.call('ZRANGEBYSCORE', set, '-inf', now_ms, 'WITHSCORES', 'LIMIT', 0, limit)
  for i = 1, #found, 2 do table.insert(candidates, { id = found[i], run_at = tonumber(found[i + 1]), source = source }) end
end
collect(READY, 'ready')
collect(WAITING, 'waiting')
-- Expired leases are few (their owners died); all are read so their runAt order is exact.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', LEASED, '-inf', '(' .. now_ms)) do
  table.insert(candidates, { id = id, run_at = tonumber(redis.call('HGET', job_key(id), '_runAtMs')), source = 'leased' })
end
table.sort(candidates, function(a, b)
  if a.run_at ~= b.run_at then return a.run_at < b.run_at end
  return bytes_less(a.id, b.id)
end)
local claimed = {}
for i = 1, math.min(limit, #candidates) do
  local candidate = candidates[i]
  local key = job_key(candidate.id)
  if candidate.source == 'ready' then
    redis.call('ZREM', READY, candidate.id)
  elseif candidate.source == 'waiting' then
    redis.call('ZREM', WAITING, candidate.id)
    local job = redis.call('HMGET', key, 'correlationKey', 'updatedAt')
    redis.call('ZREM', correlation_key(job[1]), lex_member(job[2], candidate.id))
  else
    redis.call('SREM', owner_key(redis.call('HGET', key, 'leaseOwner')), candidate.id)
  end
  redis.call('HSET', key, 'state', 'leased', 'leaseOwner', owner, 'leaseUntil', lease_until, 'updatedAt', now)
  redis.call('ZADD', LEASED, lease_until_ms, candidate.id)
  redis.call('SADD', owner_key(owner), candidate.id)
  table.insert(claimed, redis.call('HGETALL', key))
end
return claimed
`);

/** ARGV: prefix, job id, owner, lease until, lease until ms. Returns 1 or 0 (lease lost). */
export const extendLeaseScript = new LuaScript(`${LUA_LIBRARY}
local id, owner = ARGV[2], ARGV[3]
if not held(id, owner) then return 0 end
redis.call('HSET', job_key(id), 'leaseUntil', ARGV[4])
redis.call('ZADD', LEASED, ARGV[5], id)
return 1
`);

/**
 * ARGV: prefix, job id, owner, now, has next ('1'/'0'), 7 next-job values.
 * Returns 1, 0 (lease lost) or an error code for the next job (nothing written).
 */
export const completeJobScript = new LuaScript(`${LUA_LIBRARY}
local id, owner, now = ARGV[2], ARGV[3], ARGV[4]
if not held(id, owner) then return 0 end
local next_job = ARGV[5] == '1' and read_new_job(6) or nil
if next_job then
  local problem = new_job_problem(next_job, false)
  if problem then return problem end
end
unlease(id, owner)
redis.call('HSET', job_key(id), 'state', 'done', 'updatedAt', now)
if next_job then insert_job(next_job, now) end
return 1
`);

/** ARGV: prefix, job id, owner, now, run at, run at ms, error. Returns 1 or 0. */
export const retryJobScript = new LuaScript(`${LUA_LIBRARY}
local id, owner = ARGV[2], ARGV[3]
if not held(id, owner) then return 0 end
unlease(id, owner)
redis.call('HINCRBY', job_key(id), 'attempts', 1)
redis.call('HSET', job_key(id), 'state', 'ready', 'lastError', ARGV[7], 'runAt', ARGV[5], '_runAtMs', ARGV[6], 'updatedAt', ARGV[4])
redis.call('ZADD', READY, ARGV[6], id)
return 1
`);

/** ARGV: prefix, job id, owner, now, correlation key, deadline, deadline ms, payload. Returns 1 or 0. */
export const waitJobScript = new LuaScript(`${LUA_LIBRARY}
local id, owner, now, correlation = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not held(id, owner) then return 0 end
unlease(id, owner)
redis.call('HSET', job_key(id), 'state', 'waiting', 'correlationKey', correlation, 'runAt', ARGV[6], '_runAtMs', ARGV[7],
  'payload', ARGV[8], 'updatedAt', now)
redis.call('ZADD', WAITING, ARGV[7], id)
redis.call('ZADD', correlation_key(correlation), 0, lex_member(now, id))
return 1
`);

/**
 * Compare-and-set resume: applies only while the job is still waiting for this
 * key with the payload the caller merged the reply into.
 * ARGV: prefix, job id, correlation key, expected payload, new payload, now, now ms.
 * Returns the job as an HGETALL array, or 0 when it changed meanwhile.
 */
export const resumeWaitingScript = new LuaScript(`${LUA_LIBRARY}
local id, correlation, now = ARGV[2], ARGV[3], ARGV[6]
local key = job_key(id)
local job = redis.call('HMGET', key, 'state', 'correlationKey', 'payload', 'updatedAt')
if job[1] ~= 'waiting' or job[2] ~= correlation or job[3] ~= ARGV[4] then return 0 end
redis.call('ZREM', WAITING, id)
redis.call('ZREM', correlation_key(correlation), lex_member(job[4], id))
redis.call('HSET', key, 'state', 'ready', 'runAt', now, '_runAtMs', ARGV[7], 'payload', ARGV[5], 'updatedAt', now)
redis.call('ZADD', READY, ARGV[7], id)
return redis.call('HGETALL', key)
`);

/** ARGV: prefix, job id, owner, now, reason. Returns 1 or 0. */
export const deadLetterScript = new LuaScript(`${LUA_LIBRARY}
local id, owner, now = ARGV[2], ARGV[3], ARGV[4]
if not held(id, owner) then return 0 end
unlease(id, owner)
redis.call('HSET', job_key(id), 'state', 'dead', 'lastError', ARGV[5], 'updatedAt', now)
redis.call('ZADD', DEAD, 0, lex_member(now, id))
return 1
`);

/** ARGV: prefix, owner, now. Returns how many leases went back to ready. */
export const releaseLeasesScript = new LuaScript(`${LUA_LIBRARY}
local owner, now = ARGV[2], ARGV[3]
local released = 0
for _, id in ipairs(redis.call('SMEMBERS', owner_key(owner))) do
  if held(id, owner) then
    unlease(id, owner)
    redis.call('HSET', job_key(id), 'state', 'ready', 'updatedAt', now)
    redis.call('ZADD', READY, redis.call('HGET', job_key(id), '_runAtMs'), id)
    released = released + 1
  end
end
redis.call('DEL', owner_key(owner))
return released
`);

/** ARGV: prefix, limit, cursor job id ('' for none). Returns dead jobs as HGETALL arrays. */
export const listDeadLettersScript = new LuaScript(`${LUA_LIBRARY}
local limit, after = tonumber(ARGV[2]), ARGV[3]
local from = '-'
if after ~= '' then
  local updated_at = redis.call('HGET', job_key(after), 'updatedAt')
  if not updated_at then return {} end
  from = '(' .. lex_member(updated_at, after)
end
local jobs = {}
for _, member in ipairs(redis.call('ZRANGEBYLEX', DEAD, from, '+', 'LIMIT', 0, limit)) do
  local id = string.sub(member, string.find(member, '\\0', 1, true) + 1)
  table.insert(jobs, redis.call('HGETALL', job_key(id)))
end
return jobs
`);

/** ARGV: prefix, job id, now, now ms. Dead → ready now with attempts 0. Returns 1, 0, or audit-stale (see audit-scripts.ts); ARGV 5–9 audit. */
export const replayDeadLetterScript = auditedScript(
  `
local id, now = ARGV[2], ARGV[3]
local job = redis.call('HMGET', job_key(id), 'state', 'updatedAt')
if job[1] ~= 'dead' then return 0 end
redis.call('ZREM', DEAD, lex_member(job[2], id))
redis.call('HSET', job_key(id), 'state', 'ready', 'attempts', '0', 'runAt', now, '_runAtMs', ARGV[4], 'updatedAt', now)
redis.call('ZADD', READY, ARGV[4], id)
return 1
`,
  5,
);

/** ARGV: prefix, job id, now, last error. Dead → done. Returns 1, 0, or audit-stale; ARGV 5–9 audit. */
export const discardDeadLetterScript = auditedScript(
  `
local id, now = ARGV[2], ARGV[3]
local job = redis.call('HMGET', job_key(id), 'state', 'updatedAt')
if job[1] ~= 'dead' then return 0 end
redis.call('ZREM', DEAD, lex_member(job[2], id))
redis.call('HSET', job_key(id), 'state', 'done', 'lastError', ARGV[4], 'updatedAt', now)
return 1
`,
  5,
);

/** ARGV: prefix. Returns the ready, leased, waiting and dead job counts, read together. */
export const countJobsScript = new LuaScript(`${LUA_LIBRARY}
return { redis.call('ZCARD', READY), redis.call('ZCARD', LEASED), redis.call('ZCARD', WAITING), redis.call('ZCARD', DEAD) }
`);
