import type { Logger } from '../../logger.js';
import type { StoreLifecycle } from '../parts/store-lifecycle.js';
import type { RedisContext } from './redis-context.js';

/** Readiness and closing of the Redis store; the store owns the connection, so `close()` quits it. */
export class RedisLifecycle implements StoreLifecycle {
  constructor(private readonly context: RedisContext) {}

  async ping(): Promise<boolean> {
    try {
      return (await this.context.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async probeWrite(now: string): Promise<void> {
    await this.context.redis.set(this.context.keys.storeProbe, now);
  }

  /** Quits the Redis connection after its pending commands were answered. */
  async close(): Promise<void> {
    if (this.context.redis.status === 'end') return;
    await this.context.redis.quit();
  }
}

/** Logs a warning when the server does not keep an append-only file; acknowledged writes may then be lost. */
export async function warnUnlessAppendOnly(context: RedisContext, logger: Logger): Promise<void> {
  try {
    const info = await context.redis.info('persistence');
    if (/^aof_enabled:0\s*$/m.test(info)) {
      logger.warn('redis runs without appendonly: acknowledged store writes are lost if the server crashes');
    }
  } catch (error) {
    logger.warn({ err: error }, 'could not read redis persistence settings');
  }
}
