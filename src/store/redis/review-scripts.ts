import { auditedScript } from './audit-scripts.js';

/**
 * Compare-and-set of one application's review, with its timeline entry and
 * correction, or nothing: every check happens before the first write.
 * ARGV: prefix, application id, expected version ('' for none stored), new
 * version, record JSON, queue member (`createdAt\0id`), timeline status, at,
 * entry JSON ('' for none), corrected form JSON and identity JSON ('' for none),
 * the entry's time in ms when it sets a terminal status ('' otherwise: the
 * retention index is kept as appendTimeline keeps it).
 * Then the audit values from ARGV[13] (audit-scripts.ts): the decision's entry
 * is appended only when the review was written.
 * Returns 1 applied, 0 another version is stored, -1 unknown application.
 */
export const saveReviewScript = auditedScript(
  `
local id = ARGV[2]
local key = review_key(id)
local current = redis.call('HMGET', key, 'version', 'member')
local expected = ARGV[3]
if (current[1] or '') ~= expected then return 0 end
local application = redis.call('HMGET', app_key(id), 'procedureId', 'purgedAt')
if not application[1] then return -1 end
if current[2] and current[2] ~= ARGV[6] then redis.call('ZREM', REVIEWS, current[2]) end
redis.call('HSET', key, 'version', ARGV[4], 'record', ARGV[5], 'member', ARGV[6])
redis.call('ZADD', REVIEWS, 0, ARGV[6])
if ARGV[10] ~= '' then
  redis.call('HSET', app_key(id), 'form', ARGV[10], 'identity', ARGV[11], 'updatedAt', ARGV[8])
end
if ARGV[9] ~= '' then append_timeline_entry(id, application, ARGV[7], ARGV[8], ARGV[9], ARGV[12]) end
return 1
`,
  13,
);
