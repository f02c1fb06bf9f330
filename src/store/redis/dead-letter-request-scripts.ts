import { auditedScript } from './audit-scripts.js';

/**
 * `dead-letter-request:<job id>` hash: action, reason ('' for none), requestedByKind,
 * requestedById, requestedByRole, requestedAt.
 *
 * ARGV: prefix, job id, action, reason, requester kind, id, role, requested at; 9–13 audit.
 * Returns 1 (requested), 'not-dead', 'already-requested' or 'audit-stale'.
 */
export const requestDeadLetterActionScript = auditedScript(
  `
local id = ARGV[2]
if redis.call('HGET', job_key(id), 'state') ~= 'dead' then return 'not-dead' end
local key = PREFIX .. 'dead-letter-request:' .. id
if redis.call('EXISTS', key) == 1 then return 'already-requested' end
redis.call('HSET', key, 'action', ARGV[3], 'reason', ARGV[4], 'requestedByKind', ARGV[5], 'requestedById', ARGV[6], 'requestedByRole', ARGV[7], 'requestedAt', ARGV[8])
return 1
`,
  9,
);

/**
 * ARGV: prefix, job id, action and requestedAt as the approver saw them, requester kind and id as seen,
 * approver kind, approver id, now, now ms; 11–15 audit.
 * Returns 1 (approved), 'no-request', 'same-actor', 'not-dead' or 'audit-stale'.
 */
export const approveDeadLetterActionScript = auditedScript(
  `
local id, now, now_ms = ARGV[2], ARGV[9], ARGV[10]
local key = PREFIX .. 'dead-letter-request:' .. id
local request = redis.call('HMGET', key, 'action', 'requestedAt', 'requestedByKind', 'requestedById', 'reason')
if request[1] ~= ARGV[3] or request[2] ~= ARGV[4] or request[3] ~= ARGV[5] or request[4] ~= ARGV[6] then return 'no-request' end
if request[3] == ARGV[7] and request[4] == ARGV[8] then return 'same-actor' end
local job = redis.call('HMGET', job_key(id), 'state', 'updatedAt')
if job[1] ~= 'dead' then return 'not-dead' end
redis.call('ZREM', DEAD, lex_member(job[2], id))
if request[1] == 'replay' then
  redis.call('HSET', job_key(id), 'state', 'ready', 'attempts', '0', 'runAt', now, '_runAtMs', now_ms, 'updatedAt', now)
  redis.call('ZADD', READY, now_ms, id)
else
  redis.call('HSET', job_key(id), 'state', 'done', 'lastError', 'discarded: ' .. request[5], 'updatedAt', now)
end
redis.call('DEL', key)
return 1
`,
  11,
);
