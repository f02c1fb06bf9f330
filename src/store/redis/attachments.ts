import type { Redis } from 'ioredis';
import type { AttachmentRecord } from '../attachment-store.js';
import { LuaScript } from './lua-script.js';

/**
 * Upload metadata in Redis. Keys (after the store's prefix), kept here so that
 * this part stands alone:
 * - `attachment:<id>` string: the record as JSON
 * - `attachments:unreferenced` zset of ids by `expiresAt` ms (only while unreferenced)
 * - `attachments:digest:<sha256>` set of the ids holding those bytes
 */
export class RedisAttachments {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async save(record: AttachmentRecord): Promise<void> {
    const multi = this.redis.multi().set(this.recordKey(record.id), JSON.stringify(record)).sadd(this.digestKey(record.sha256), record.id);
    if (record.referencedBy === null) multi.zadd(this.unreferencedKey(), Date.parse(record.expiresAt), record.id);
    await exec(multi);
  }

  async get(id: string): Promise<AttachmentRecord | null> {
    const json = await this.redis.get(this.recordKey(id));
    return json === null ? null : (JSON.parse(json) as AttachmentRecord);
  }

  async markReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    for (const id of ids) await markReferencedScript.run(this.redis, [this.prefix, id, applicationId]);
  }

  async purgeExpired(now: string, limit: number): Promise<AttachmentRecord[]> {
    const purged = (await purgeExpiredScript.run(this.redis, [this.prefix, Date.parse(now), limit])) as string[];
    return purged.map((json) => JSON.parse(json) as AttachmentRecord);
  }

  async isDigestReferenced(sha256: string): Promise<boolean> {
    return (await this.redis.scard(this.digestKey(sha256))) > 0;
  }

  private recordKey(id: string): string {
    return `${this.prefix}attachment:${id}`;
  }

  private unreferencedKey(): string {
    return `${this.prefix}attachments:unreferenced`;
  }

  private digestKey(sha256: string): string {
    return `${this.prefix}attachments:digest:${sha256}`;
  }
}

async function exec(multi: ReturnType<Redis['multi']>): Promise<void> {
  for (const [error] of (await multi.exec()) ?? []) if (error) throw error;
}

/** ARGV: prefix, id, application id. Sets `referencedBy` only when unset, and takes the id out of the purge's index. */
const markReferencedScript = new LuaScript(`
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
const purgeExpiredScript = new LuaScript(`
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
