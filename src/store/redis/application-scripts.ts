import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** Order of the application fields passed to {@link createApplicationScript} after the prefix. */
export const APPLICATION_FIELDS = [
  'id',
  'procedureId',
  'clientId',
  'status',
  'form',
  'identity',
  'payment',
  'issuance',
  'accessTokenHash',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Everything `createApplication` writes, or nothing: every check happens
 * before the first write, because Redis does not roll a script back.
 * ARGV: prefix, 11 application fields, timeline count + entries, 7 job values,
 * claim count + claim fields, idempotency field ('' for none), response, expiry, expiry ms,
 * terminal ms ('' unless the last timeline entry set a terminal status).
 * Returns 'ok', {'claim-taken', index (1-based)}, or an error code.
 */
export const createApplicationScript = new LuaScript(`${LUA_LIBRARY}
local fields = {}
for i, name in ipairs({ ${APPLICATION_FIELDS.map((name) => `'${name}'`).join(', ')} }) do
  table.insert(fields, name)
  table.insert(fields, ARGV[1 + i])
end
local id = ARGV[2]
local at = 13
local timeline_count = tonumber(ARGV[at])
local timeline = {}
for i = 1, timeline_count do table.insert(timeline, ARGV[at + i]) end
at = at + timeline_count + 1
local job = read_new_job(at)
at = at + 7
local claim_count = tonumber(ARGV[at])
local claims = {}
for i = 1, claim_count do table.insert(claims, ARGV[at + i]) end
at = at + claim_count + 1
local idempotency_field, response, expires_at, expires_at_ms = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
local terminal_ms = ARGV[at + 4]

for i, claim in ipairs(claims) do
  if redis.call('HEXISTS', CLAIMS, claim) == 1 then return { 'claim-taken', i } end
end
if redis.call('EXISTS', app_key(id)) == 1 then return 'duplicate-application' end
local problem = new_job_problem(job, id)
if problem then return problem end

redis.call('HSET', app_key(id), unpack(fields))
for _, entry in ipairs(timeline) do redis.call('RPUSH', timeline_key(id), entry) end
if has_webhook(ARGV[4]) then
  local previous = nil
  for _, entry in ipairs(timeline) do
    local decoded = cjson.decode(entry)
    enqueue_status_webhook(id, ARGV[4], ARGV[3], previous, decoded.status, decoded.at)
    previous = decoded.status
  end
end
insert_job(job, ARGV[11])
for _, claim in ipairs(claims) do redis.call('HSETNX', CLAIMS, claim, id) end
if idempotency_field ~= '' then
  complete_idempotency(idempotency_field, response, expires_at, expires_at_ms)
  redis.call('HSET', app_key(id), '_idempotency', idempotency_field)
end
if terminal_ms ~= '' then redis.call('ZADD', retention_key(ARGV[3]), terminal_ms, id) end
return 'ok'
`);

/**
 * ARGV: prefix, id, status, at, entry JSON, at ms ('' unless the status is terminal).
 * Returns 1, or 0 for an unknown application. Keeps the retention index: a terminal
 * status (re)starts the period, any other takes the application out of it.
 */
export const appendTimelineScript = new LuaScript(`${LUA_LIBRARY}
local id = ARGV[2]
local application = redis.call('HMGET', app_key(id), 'procedureId', 'purgedAt')
if not application[1] then return 0 end
append_timeline_entry(id, application, ARGV[3], ARGV[4], ARGV[5], ARGV[6])
return 1
`);

/**
 * Compare-and-set of identity/payment/issuance: applies only when the three
 * stored values are still the ones the caller merged into.
 * ARGV: prefix, id, expected identity, payment, issuance, new identity, payment, issuance, now.
 * Returns 1 applied, 0 changed meanwhile (merge again), -1 unknown application.
 */
export const updateApplicationScript = new LuaScript(`${LUA_LIBRARY}
local key = app_key(ARGV[2])
local current = redis.call('HMGET', key, 'identity', 'payment', 'issuance')
if not current[1] then return -1 end
if current[1] ~= ARGV[3] or current[2] ~= ARGV[4] or current[3] ~= ARGV[5] then return 0 end
redis.call('HSET', key, 'identity', ARGV[6], 'payment', ARGV[7], 'issuance', ARGV[8], 'updatedAt', ARGV[9])
return 1
`);
