import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * `Store.purgeApplication` in one script: checks that the application is
 * still in the retention index at or before the cut-off and not purged, then
 * removes its personal data and keeps the anonymised record (see the Store
 * contract for what stays). Timeline entries and deliveries hold only strings
 * and integers, so cjson rewrites them faithfully. A review record is not
 * decoded here: cjson would write its empty `approvals` array back as `{}`.
 * The caller reads the review and passes the cleared record, applied only
 * while the stored version is still the one it read.
 * ARGV: prefix, id, terminal-before ms, now, review version read ('' for no
 * review), the cleared review record JSON and its version.
 * Returns 1 purged, 0 not (or no longer) due, -1 the review changed since it was read.
 */
export const purgeApplicationScript = new LuaScript(`${LUA_LIBRARY}
local id, now = ARGV[2], ARGV[4]
local key = app_key(id)
local application = redis.call('HMGET', key, 'procedureId', 'purgedAt', '_idempotency')
if not application[1] or application[2] then return 0 end
local terminal_ms = redis.call('ZSCORE', retention_key(application[1]), id)
if not terminal_ms or tonumber(terminal_ms) > tonumber(ARGV[3]) then return 0 end
local review = review_key(id)
if (redis.call('HGET', review, 'version') or '') ~= ARGV[5] then return -1 end
if ARGV[5] ~= '' then redis.call('HSET', review, 'version', ARGV[7], 'record', ARGV[6]) end

local idempotency_field = application[3]
if idempotency_field then
  -- Only the record this submission completed: a key reused after it expired belongs to another request.
  local response = redis.call('HGET', idempotency_key(idempotency_field), 'response')
  if response and string.find(response, id, 1, true) then
    redis.call('DEL', idempotency_key(idempotency_field))
    redis.call('ZREM', IDEMPOTENCY_EXPIRY, idempotency_field)
  end
end
redis.call('HSET', key, 'form', '{}', 'identity', 'null', 'payment', 'null', 'issuance', 'null', 'purgedAt', now, 'updatedAt', now)
redis.call('HDEL', key, '_idempotency')
redis.call('ZREM', retention_key(application[1]), id)

local timeline = timeline_key(id)
for index, text in ipairs(redis.call('LRANGE', timeline, 0, -1)) do
  local entry = cjson.decode(text)
  redis.call('LSET', timeline, index - 1, cjson.encode({ status = entry.status, at = entry.at, source = entry.source, detail = '' }))
end

for _, job_id in ipairs(redis.call('SMEMBERS', app_jobs_key(id))) do
  local job = redis.call('HMGET', job_key(job_id), 'leaseOwner', 'correlationKey', 'updatedAt')
  redis.call('ZREM', READY, job_id)
  redis.call('ZREM', WAITING, job_id)
  redis.call('ZREM', LEASED, job_id)
  if job[1] then redis.call('SREM', owner_key(job[1]), job_id) end
  if job[3] then
    redis.call('ZREM', DEAD, lex_member(job[3], job_id))
    if job[2] then redis.call('ZREM', correlation_key(job[2]), lex_member(job[3], job_id)) end
  end
  redis.call('DEL', job_key(job_id))
  redis.call('DEL', PREFIX .. 'dead-letter-request:' .. job_id)
end
redis.call('DEL', app_jobs_key(id))

local deliveries = deliveries_key(id)
local stored = redis.call('HGETALL', deliveries)
for i = 1, #stored, 2 do
  local delivery = cjson.decode(stored[i + 1])
  delivery.lastError = cjson.null
  redis.call('HSET', deliveries, stored[i], cjson.encode(delivery))
end

for _, certificate_id in ipairs(redis.call('SMEMBERS', app_certificates_key(id))) do
  redis.call('HSET', certificate_key(certificate_id), 'document', '', 'purgedAt', now)
  local code = redis.call('HGET', pickup_key(certificate_id), 'code')
  if code then
    redis.call('HDEL', PICKUP_CODES, code)
    local pickup_number = string.sub(code, 1, 8)
    if redis.call('HGET', PICKUP_NUMBERS, pickup_number) == certificate_id then redis.call('HDEL', PICKUP_NUMBERS, pickup_number) end
  end
  redis.call('ZREM', PICKUPS_DUE, certificate_id)
  redis.call('DEL', pickup_key(certificate_id), pickup_lock_key(certificate_id))
end
return 1
`);
