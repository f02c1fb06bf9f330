/**
 * Status webhooks in Redis (keys: see `keys.ts`). `enqueue_status_webhook`
 * (in `WEBHOOK_LUA`, part of the shared Lua library) runs inside the script
 * that appends the timeline entry, so the delivery is written with the status
 * change or not at all. Each application's pending deliveries wait in
 * `webhooks:queue:<id>` in order; only the head of a queue is in
 * `webhooks:due` (score: the ms it is due; 0 for "now", so that a sender's
 * clock decides as in SQLite).
 */
export const WEBHOOK_LUA = `
local WEBHOOK_CLIENTS = PREFIX .. 'webhook-clients'
local WEBHOOK_SEQ = PREFIX .. 'webhook-seq'
local WEBHOOKS_DUE = PREFIX .. 'webhooks:due'
local function webhook_key(id) return PREFIX .. 'webhook:' .. id end
local function app_webhooks_key(id) return PREFIX .. 'webhooks:app:' .. id end
local function webhook_queue_key(id) return PREFIX .. 'webhooks:queue:' .. id end

local function has_webhook(client_id) return client_id and redis.call('SISMEMBER', WEBHOOK_CLIENTS, client_id) == 1 end

-- Enqueues the push of a status change; nothing when the status did not change.
-- The caller checked has_webhook(client_id).
local function enqueue_status_webhook(app_id, client_id, procedure_id, previous_status, status, at)
  if status == previous_status then return end
  local seq = redis.call('INCR', WEBHOOK_SEQ)
  local webhook_id = 'msg_' .. app_id .. '_' .. seq
  redis.call('HSET', webhook_key(webhook_id), 'webhookId', webhook_id, 'applicationId', app_id, 'clientId', client_id,
    'procedureId', procedure_id, 'status', status, 'at', at, 'state', 'pending', 'attempts', '0', 'nextAttemptAt', at)
  redis.call('ZADD', app_webhooks_key(app_id), seq, webhook_id)
  if redis.call('RPUSH', webhook_queue_key(app_id), webhook_id) == 1 then redis.call('ZADD', WEBHOOKS_DUE, 0, webhook_id) end
end
`;
