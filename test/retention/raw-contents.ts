import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';

/** Every row of every table of the SQLite file, as text: what anyone reading the database would see. */
export function sqliteTablesText(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    return tables.map((table) => `${table}: ${JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all())}`).join('\n');
  } finally {
    db.close();
  }
}

/** Every key under `prefix` with its whole value, whatever its type, as text. */
export async function redisKeysText(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? await redis.hgetall(key)
        : type === 'list' ? await redis.lrange(key, 0, -1)
        : type === 'set' ? await redis.smembers(key)
        : type === 'zset' ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
        : `unexpected type ${type}`;
      parts.push(`${key} (${type}): ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return parts.join('\n');
}
