import { z } from 'zod';

/**
 * Settings of the route runner, with defaults that suit one gateway process
 * talking to a handful of core systems. Delays in milliseconds.
 */
export const RunnerConfigSchema = z
  .object({
    /**
     * false: this process only answers requests. The background work (route
     * steps, the tax exchange, pending convenience-store requests, the
     * idempotency purge) is left to another gateway process on the same store,
     * so that intake and delivery can be scaled and restarted apart.
     */
    enabled: z.boolean().default(true),
    /** Steps in flight at most, per process. */
    concurrency: z.number().int().min(1).max(256).default(8),
    /** Pause between claims while idle. */
    pollIntervalMs: z.number().int().min(10).max(60_000).default(500),
    /** How long a claimed job stays ours without an extension; extended every half lease while a step runs. */
    leaseMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(1_000).default(8),
        baseDelayMs: z.number().int().min(0).max(3_600_000).default(2_000),
        multiplier: z.number().min(1).max(10).default(2),
        maxDelayMs: z.number().int().min(0).max(86_400_000).default(15 * 60_000),
        quickRetries: z.number().int().min(0).max(5).default(2),
        quickDelayMs: z.number().int().min(0).max(10_000).default(200),
      })
      .strict()
      .default({ maxAttempts: 8, baseDelayMs: 2_000, multiplier: 2, maxDelayMs: 15 * 60_000, quickRetries: 2, quickDelayMs: 200 }),
    breaker: z
      .object({
        failureThreshold: z.number().int().min(1).max(1_000).default(5),
        coolDownMs: z.number().int().min(100).max(3_600_000).default(30_000),
      })
      .strict()
      .default({ failureThreshold: 5, coolDownMs: 30_000 }),
  })
  .strict();
