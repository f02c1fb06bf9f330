import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** The scripts of `RedisWebhooks`; the enqueue itself is in `webhook-lua.ts`. */
/** ARGV: prefix, client ids… Replaces the set of clients that have a webhook. */
export const setWebhookClientsScript = new LuaScript(`${LUA_LIBRARY}
redis.call('DEL', WEBHOOK_CLIENTS)
for i = 2, #ARGV do redis.call('SADD', WEBHOOK_CLIENTS, ARGV[i]) end
return 1
`);

/** ARGV: prefix, now ms, leaseUntil, leaseUntil ms, limit. Returns the leased deliveries' HGETALL replies. */
export const leaseWebhookDeliveriesScript = new LuaScript(`${LUA_LIBRARY}
local leased = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', WEBHOOKS_DUE, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[5]))) do
  redis.call('ZADD', WEBHOOKS_DUE, ARGV[4], id)
  redis.call('HSET', webhook_key(id), 'nextAttemptAt', ARGV[3])
  table.insert(leased, redis.call('HGETALL', webhook_key(id)))
end
return leased
`);

/**
 * ARGV: prefix, webhook id, attempts before, kind (delivered | retry | failed),
 * status code ('' for none), error, next attempt at, its ms, at (delivered).
 * Returns 1 recorded, 0 not pending with those attempts. A delivered or failed
 * delivery leaves its queue and makes the next one due now.
 */
export const recordWebhookAttemptScript = new LuaScript(`${LUA_LIBRARY}
local id = ARGV[2]
local key = webhook_key(id)
local current = redis.call('HMGET', key, 'state', 'attempts', 'applicationId')
if current[1] ~= 'pending' or current[2] ~= ARGV[3] then return 0 end
redis.call('HSET', key, 'attempts', tonumber(current[2]) + 1, 'lastStatusCode', ARGV[5], 'lastError', ARGV[6])
if ARGV[4] == 'retry' then
  redis.call('HSET', key, 'nextAttemptAt', ARGV[7])
  redis.call('ZADD', WEBHOOKS_DUE, ARGV[8], id)
  return 1
end
if ARGV[4] == 'delivered' then
  redis.call('HSET', key, 'state', 'delivered', 'deliveredAt', ARGV[9])
else
  redis.call('HSET', key, 'state', 'failed')
end
redis.call('HDEL', key, 'nextAttemptAt')
redis.call('ZREM', WEBHOOKS_DUE, id)
local queue = webhook_queue_key(current[3])
redis.call('LREM', queue, 1, id)
local next_id = redis.call('LINDEX', queue, 0)
if next_id then redis.call('ZADD', WEBHOOKS_DUE, 0, next_id) end
return 1
`);
