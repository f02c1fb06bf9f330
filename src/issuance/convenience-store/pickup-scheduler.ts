import { GatewayError, UpstreamError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/types.js';
import { pickupDetail } from './pickup-detail.js';
import { sendPendingPickup } from './send-pickup.js';
import { isOpen } from './service-hours.js';
import type { StoreNetworkClient } from './store-network.js';

export interface PickupSchedulerOptions {
  store: Store;
  client: StoreNetworkClient;
  clock: () => Date;
  /** Pause between runs. */
  intervalMs: number;
  logger?: Logger;
  /** Pending pickups sent per run. Default 50. */
  batchSize?: number;
  /** How long a pickup whose request failed waits before the next try. Default 5 minutes. */
  retryDelayMs?: number;
}

/** Sends pending convenience-store requests once service hours allow. */
export interface PickupScheduler {
  /** Runs every `intervalMs` (never two runs at once) until stopped. */
  start(): void;
  /** Stops, after the run in progress (if any) finished. */
  stop(): Promise<void>;
  /** One run: sends the due pending pickups; resolves with how many this run sent. Nothing while the service is closed. */
  runOnce(): Promise<number>;
}

/**
 * The pickup scheduler. For each pending pickup whose `notBefore` has come,
 * in service hours, it sends the issuance request (idempotent by request id,
 * so a pickup another process sends at the same time gets the same code) and
 * adds an `awaiting-pickup` timeline entry with the code and until when it
 * works. A failed request stays pending and is tried again after
 * `retryDelayMs`.
 */
export function createPickupScheduler(options: PickupSchedulerOptions): PickupScheduler {
  const batchSize = options.batchSize ?? 50;
  const retryDelayMs = options.retryDelayMs ?? 5 * 60_000;
  const log = options.logger?.child({ system: 'convenience-store', component: 'pickup-scheduler' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function runOnce(): Promise<number> {
    const now = options.clock();
    if (!isOpen(now)) return 0;
    const due = await options.store.listPickupsDue(now.toISOString(), batchSize);
    let sent = 0;
    for (const pickup of due) {
      const at = options.clock().toISOString();
      try {
        const stored = await sendPendingPickup(pickup, { store: options.store, client: options.client, now: () => new Date(at) });
        if (stored.status !== 'requested' || stored.updatedAt !== at) continue;
        await options.store.appendTimeline(stored.applicationId, { status: 'awaiting-pickup', at, source: 'convenience-store', detail: pickupDetail(stored) });
        sent += 1;
      } catch (error) {
        log?.warn(
          { certificateId: pickup.certificateId, code: error instanceof GatewayError ? error.code : 'unclassified', retryable: error instanceof UpstreamError ? error.retryable : undefined },
          'pending convenience-store request not sent; trying again later',
        );
        const later = new Date(Date.parse(at) + retryDelayMs).toISOString();
        await options.store.savePickup({ ...pickup, notBefore: later, updatedAt: at });
      }
    }
    return sent;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => {
          log?.error({ err: error }, 'pickup scheduler run failed');
          return 0;
        })
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
