import { LuaScript } from './lua-script.js';

/** ARGV: prefix, id, application id. Sets `referencedBy` only when unset, and takes the id out of the purge's index. */
export const markReferencedScript = new LuaScript(`
local key = ARGV[1] .. 'attachment:' .. ARGV[2]
local json = redis.call('GET', key)
if not json then return 0 end
local record = cjson.decode(json)
if record.referencedBy ~= cjson.null and record.referencedBy ~= nil then return 0 end
record.referencedBy = ARGV[3]
redis.call('SET', key, cjson.encode(record))
redis.call('ZREM', ARGV[1] .. 'attachments:unreferenced', ARGV[2])
return 1
`);

/** ARGV: prefix, now ms, limit. Deletes up to `limit` unreferenced records expired at or before now; returns their JSON. */
export const purgeExpiredScript = new LuaScript(`
local index = ARGV[1] .. 'attachments:unreferenced'
local ids = redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local purged = {}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. 'attachment:' .. id
  local json = redis.call('GET', key)
  redis.call('ZREM', index, id)
  if json then
    local record = cjson.decode(json)
    redis.call('DEL', key)
    redis.call('SREM', ARGV[1] .. 'attachments:digest:' .. record.sha256, id)
    table.insert(purged, json)
  end
end
return purged
`);
