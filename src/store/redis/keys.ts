import { WEBHOOK_LUA } from './webhook-lua.js';

/**
 * Key layout of the Redis store, once for TypeScript and once for the Lua
 * scripts; the two must stay identical. Every key starts with the prefix.
 * Composite parts are JSON arrays so `a:b` + `c` never meets `a` + `b:c`.
 *
 * - `app:<id>` hash, `timeline:<id>` list of JSON entries
 * - `claims` hash `[kind,key]` → application id
 * - `idempotency:[client,key]` hash; `idempotency-expiry` zset by expiry ms
 * - `job:<id>` hash; `jobs:app:<id>` set; `jobs:ready` / `jobs:waiting` zsets by
 *   runAt ms; `jobs:leased` zset by leaseUntil ms; `jobs:owner:<owner>` set;
 *   `jobs:dead` and `jobs:correlation:<key>` lex zsets of `updatedAt\0id`
 * - `deliveries:<id>` hash `[system,messageId]` → JSON, `delivery-order:<id>` list
 * - `certificate:<id>` hash, `certificates:app:<id>` set
 * - `pickup:<certificateId>` hash; `pickup-codes` hash code → certificate id;
 *   `pickup-numbers` hash pickup number (a code's first 8 digits) → certificate id;
 *   `pickup-lock:<certificateId>` hash `wrongCheckParts`, `lockedAt`;
 *   `pickups:due` zset of pending certificate ids by notBefore ms
 * - `rate:<bucket>` string: a rate-limit bucket's theoretical arrival time in ms
 *   (src/rate-limit/redis-rate-limiter.ts), expiring when the bucket is full
 * - `store-probe` string: the time of the last readiness probe write
 * - `retention:<procedureId>` zset of application ids by the ms their terminal
 *   status was reached (only while terminal and not purged); an application
 *   hash keeps `_idempotency`, the field of the idempotency record its
 *   submission completed, until it is purged; `retention-indexed` string: set
 *   once the index was filled with applications terminal before it existed
 * - `review:<applicationId>` hash (version, record JSON, queue member);
 *   `reviews` lex zset of `createdAt\0applicationId`, the queue in age order
 * - `staff-sign-in:<id>` hash, `staff-session:<id>` hash: expire with the sign-in or session
 * - `callback-receipt:[system,receiptId]` string: the keepUntil ms of an
 *   accepted signed callback, expiring (PX) when it can no longer be replayed
 * - `form-session:<procedure>:<session>` hash, expiring: a form-event session's
 *   start, day, last leave, submitted flag and its marks (`reached <pointer>` …);
 *   `form-counts:<procedure>:<day>` hash `metric|pointer|code` → count. Procedure
 *   ids, session ids and days hold no `:` and pointers no `|`, so plain joins are unambiguous.
 * - `audit:entries` hash seq → entry JSON, `audit:order` zset of seqs, `audit:at`
 *   zset of seqs by time ms, `audit:head` hash { seq, hash }, `audit:checkpoints`
 *   hash day → checkpoint JSON (audit-scripts.ts)
 * - `dead-letter-request:<job id>` hash: a replay or discard waiting for a
 *   second person (dead-letter-request-scripts.ts)
 * - `webhook-clients` set of client ids with a status webhook; `webhook-seq` counter;
 *   `webhook:<webhookId>` hash; `webhooks:app:<id>` zset of webhook ids by seq;
 *   `webhooks:queue:<id>` list of pending ones in order; `webhooks:due` zset of
 *   queue heads by due ms (webhook-lua.ts)
 * - `prefill-challenge:<sha256 hex>` hash { clientId, createdAt, expiresAt, usedAt? },
 *   expiring an hour after the challenge does (prefill-challenge-store.ts)
 */
export function redisKeys(prefix: string) {
  return {
    application: (id: string) => `${prefix}app:${id}`,
    timeline: (id: string) => `${prefix}timeline:${id}`,
    job: (id: string) => `${prefix}job:${id}`,
    applicationJobs: (id: string) => `${prefix}jobs:app:${id}`,
    correlation: (key: string) => `${prefix}jobs:correlation:${key}`,
    deliveries: (id: string) => `${prefix}deliveries:${id}`,
    deliveryOrder: (id: string) => `${prefix}delivery-order:${id}`,
    certificate: (id: string) => `${prefix}certificate:${id}`,
    applicationCertificates: (id: string) => `${prefix}certificates:app:${id}`,
    pickup: (certificateId: string) => `${prefix}pickup:${certificateId}`,
    pickupCodes: `${prefix}pickup-codes`,
    pickupNumbers: `${prefix}pickup-numbers`,
    pickupLock: (certificateId: string) => `${prefix}pickup-lock:${certificateId}`,
    pickupsDue: `${prefix}pickups:due`,
    rateBucket: (bucket: string) => `${prefix}rate:${bucket}`,
    storeProbe: `${prefix}store-probe`,
    retention: (procedureId: string) => `${prefix}retention:${procedureId}`,
    review: (applicationId: string) => `${prefix}review:${applicationId}`,
    reviews: `${prefix}reviews`,
    staffSignIn: (id: string) => `${prefix}staff-sign-in:${id}`,
    staffSession: (id: string) => `${prefix}staff-session:${id}`,
    callbackReceipt: (system: string, receiptId: string) => `${prefix}callback-receipt:${compositeField(system, receiptId)}`,
    formEventCounts: (procedureId: string, day: string) => `${prefix}form-counts:${procedureId}:${day}`,
    auditEntries: `${prefix}audit:entries`,
    auditOrder: `${prefix}audit:order`,
    auditAt: `${prefix}audit:at`,
    auditHead: `${prefix}audit:head`,
    auditCheckpoints: `${prefix}audit:checkpoints`,
    deadLetterRequest: (jobId: string) => `${prefix}dead-letter-request:${jobId}`,
    webhook: (webhookId: string) => `${prefix}webhook:${webhookId}`,
    applicationWebhooks: (id: string) => `${prefix}webhooks:app:${id}`,
    prefillChallenge: (id: string) => `${prefix}prefill-challenge:${id}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** JSON array used as an unambiguous composite hash field or key part. */
export function compositeField(...parts: string[]): string {
  return JSON.stringify(parts);
}

/** Lua twin of {@link redisKeys}, plus helpers every script shares. ARGV[1] is the prefix. */
export const LUA_LIBRARY = `
local PREFIX = ARGV[1]
local function app_key(id) return PREFIX .. 'app:' .. id end
local function timeline_key(id) return PREFIX .. 'timeline:' .. id end
local function job_key(id) return PREFIX .. 'job:' .. id end
local function app_jobs_key(id) return PREFIX .. 'jobs:app:' .. id end
local function owner_key(owner) return PREFIX .. 'jobs:owner:' .. owner end
local function correlation_key(key) return PREFIX .. 'jobs:correlation:' .. key end
local function idempotency_key(field) return PREFIX .. 'idempotency:' .. field end
local function deliveries_key(id) return PREFIX .. 'deliveries:' .. id end
local function delivery_order_key(id) return PREFIX .. 'delivery-order:' .. id end
local function certificate_key(id) return PREFIX .. 'certificate:' .. id end
local function app_certificates_key(id) return PREFIX .. 'certificates:app:' .. id end
local function pickup_key(certificate_id) return PREFIX .. 'pickup:' .. certificate_id end
local function retention_key(procedure_id) return PREFIX .. 'retention:' .. procedure_id end
local function staff_session_key(id) return PREFIX .. 'staff-session:' .. id end
local function callback_receipt_key(field) return PREFIX .. 'callback-receipt:' .. field end
local function form_session_key(procedure, session) return PREFIX .. 'form-session:' .. procedure .. ':' .. session end
local function form_counts_key(procedure, day) return PREFIX .. 'form-counts:' .. procedure .. ':' .. day end
local function review_key(id) return PREFIX .. 'review:' .. id end
local REVIEWS = PREFIX .. 'reviews'
local PICKUP_CODES = PREFIX .. 'pickup-codes'
local PICKUP_NUMBERS = PREFIX .. 'pickup-numbers'
local function pickup_lock_key(certificate_id) return PREFIX .. 'pickup-lock:' .. certificate_id end
local PICKUPS_DUE = PREFIX .. 'pickups:due'
local READY = PREFIX .. 'jobs:ready'
local WAITING = PREFIX .. 'jobs:waiting'
local LEASED = PREFIX .. 'jobs:leased'
local DEAD = PREFIX .. 'jobs:dead'
local CLAIMS = PREFIX .. 'claims'
local IDEMPOTENCY_EXPIRY = PREFIX .. 'idempotency-expiry'
${WEBHOOK_LUA}

-- Appends a timeline entry and sets the status; keeps the retention index: a terminal
-- status (terminal_ms not '') (re)starts the period, any other takes the application out.
-- application is HMGET's { procedureId, purgedAt }.
-- Also enqueues the status webhook of the change (webhook-lua.ts).
local function append_timeline_entry(id, application, status, at, entry, terminal_ms)
  local before = redis.call('HMGET', app_key(id), 'clientId', 'status')
  if has_webhook(before[1]) then enqueue_status_webhook(id, before[1], application[1], before[2], status, at) end
  redis.call('HSET', app_key(id), 'status', status, 'updatedAt', at)
  redis.call('RPUSH', timeline_key(id), entry)
  if terminal_ms ~= '' and not application[2] then
    redis.call('ZADD', retention_key(application[1]), terminal_ms, id)
  else
    redis.call('ZREM', retention_key(application[1]), id)
  end
end

-- Members of lex-ordered zsets sort like SQLite's (updated_at, id) in BINARY collation.
local function lex_member(at, id) return at .. '\\0' .. id end

-- Byte order, as SQLite's BINARY collation; Lua's < follows the server locale.
local function bytes_less(a, b)
  local la, lb = #a, #b
  for i = 1, math.min(la, lb) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return la < lb
end

-- A new job is 7 ARGV values from offset: id, applicationId, step, name, payload, runAt, runAtMs.
local function read_new_job(offset)
  return { id = ARGV[offset], applicationId = ARGV[offset + 1], step = ARGV[offset + 2], name = ARGV[offset + 3],
    payload = ARGV[offset + 4], runAt = ARGV[offset + 5], runAtMs = ARGV[offset + 6] }
end

local function new_job_problem(job, application_written)
  if job.applicationId ~= application_written and redis.call('EXISTS', app_key(job.applicationId)) == 0 then
    return 'application-not-found'
  end
  if redis.call('EXISTS', job_key(job.id)) == 1 then return 'duplicate-job' end
  return false
end

local function insert_job(job, now)
  redis.call('HSET', job_key(job.id), 'id', job.id, 'applicationId', job.applicationId, 'step', job.step, 'name', job.name,
    'state', 'ready', 'payload', job.payload, 'attempts', '0', 'runAt', job.runAt, '_runAtMs', job.runAtMs,
    'createdAt', now, 'updatedAt', now)
  redis.call('ZADD', READY, job.runAtMs, job.id)
  redis.call('SADD', app_jobs_key(job.applicationId), job.id)
end

local function held(id, owner)
  local job = redis.call('HMGET', job_key(id), 'state', 'leaseOwner')
  return job[1] == 'leased' and job[2] == owner
end

local function unlease(id, owner)
  redis.call('ZREM', LEASED, id)
  redis.call('SREM', owner_key(owner), id)
  redis.call('HDEL', job_key(id), 'leaseOwner', 'leaseUntil')
end

-- Stores the response on an existing idempotency record; a non-empty expiry replaces the old one.
local function complete_idempotency(field, response, expires_at, expires_at_ms)
  local key = idempotency_key(field)
  if redis.call('EXISTS', key) == 0 then return end
  redis.call('HSET', key, 'state', 'completed', 'response', response)
  if expires_at ~= '' then
    redis.call('HSET', key, 'expiresAt', expires_at, 'expiresAtMs', expires_at_ms)
    redis.call('ZADD', IDEMPOTENCY_EXPIRY, expires_at_ms, field)
  end
end
`;
