import type { Redis } from 'ioredis';
import { LuaScript } from '../store/redis/lua-script.js';
import type { SharedBreakerState } from '../runner/circuit-breaker.js';
import type { SharedBreakerStates } from './shared-breaker-states.js';

/** ARGV: the hash's key, system, the state as JSON, its changedAtMs. Replaces the field only with a newer change. */
const PUBLISH = new LuaScript(`
local current = redis.call('HGET', ARGV[1], ARGV[2])
if current and cjson.decode(current).changedAtMs >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', ARGV[1], ARGV[2], ARGV[3])
return 1
`);

/** Breaker states in one Redis hash (`<prefix>circuit-breakers`), beside the Redis store. */
export class RedisBreakerStates implements SharedBreakerStates {
  readonly #key: string;

  /** `redis` is this object's own connection: close() quits it. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.#key = `${prefix}circuit-breakers`;
  }

  async publish(system: string, state: SharedBreakerState): Promise<void> {
    await PUBLISH.run(this.redis, [this.#key, system, JSON.stringify(state), state.changedAtMs]);
  }

  async read(): Promise<Record<string, SharedBreakerState>> {
    const fields = await this.redis.hgetall(this.#key);
    return Object.fromEntries(Object.entries(fields).map(([system, value]) => [system, JSON.parse(value) as SharedBreakerState]));
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
