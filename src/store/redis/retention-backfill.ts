import type { Redis } from 'ioredis';
import { TERMINAL_STATUSES } from '../../retention/retention-end.js';
import type { TimelineEntry } from '../types.js';
import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** Applications read per SCAN step. */
const SCAN_COUNT = 500;

/**
 * Adds one application to the retention index if it is still as read: same
 * status, same timeline length, not purged. ARGV: prefix, id, status, timeline length, terminal ms.
 */
const indexIfUnchangedScript = new LuaScript(`${LUA_LIBRARY}
local id = ARGV[2]
local application = redis.call('HMGET', app_key(id), 'procedureId', 'status', 'purgedAt')
if not application[1] or application[2] ~= ARGV[3] or application[3] then return 0 end
if redis.call('LLEN', timeline_key(id)) ~= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', retention_key(application[1]), ARGV[5], id)
return 1
`);

/**
 * Fills the `retention:<procedureId>` index with applications that were
 * already terminal before the index existed (a store written by an older
 * gateway), once: the `retention-indexed` key records that it was done.
 * Each application is added by compare-and-set, so one that changes meanwhile
 * is left to the scripts that keep the index from then on.
 */
export async function backfillRetentionIndex(redis: Redis, prefix: string): Promise<void> {
  const marker = `${prefix}retention-indexed`;
  if ((await redis.exists(marker)) === 1) return;
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}app:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    const ids = keys.map((key) => key.slice(prefix.length + 'app:'.length));
    const reads = redis.pipeline();
    for (const id of ids) {
      reads.hmget(`${prefix}app:${id}`, 'status', 'purgedAt');
      reads.lrange(`${prefix}timeline:${id}`, -1, -1);
      reads.llen(`${prefix}timeline:${id}`);
    }
    const replies = ((await reads.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    for (const [index, id] of ids.entries()) {
      const [status, purgedAt] = replies[index * 3] as [string | null, string | null];
      const [latestText] = replies[index * 3 + 1] as string[];
      const length = replies[index * 3 + 2] as number;
      if (status === null || purgedAt !== null || latestText === undefined) continue;
      const latest = JSON.parse(latestText) as TimelineEntry;
      if (latest.status !== status || !TERMINAL_STATUSES.has(latest.status)) continue;
      await indexIfUnchangedScript.run(redis, [prefix, id, status, length, Date.parse(latest.at)]);
    }
  } while (cursor !== '0');
  await redis.set(marker, new Date().toISOString());
}
