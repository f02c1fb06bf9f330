/**
 * A route runner in its own process, for the crash test: runs the
 * `crash-test` procedure's route against HTTP systems at `<server-url>`
 * until SIGTERM (graceful stop) or SIGKILL (the test's crash).
 *
 * Usage: node --import tsx test/runner/crash-runner.ts <database-path> <server-url> <owner>
 */
import { UpstreamError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../src/runner/adapter.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { CRASH_PROCEDURE, CRASH_SYSTEMS } from './crash-procedure.js';
import { catalogOf } from '../support/runner-harness.js';

const [databasePath, serverUrl, owner] = process.argv.slice(2);
if (!databasePath || !serverUrl || !owner) throw new Error('usage: crash-runner.ts <database-path> <server-url> <owner>');

/** A system reached over real HTTP: 2xx is done, 5xx and network failures are retryable. */
class HttpSystem implements CoreSystemAdapter {
  constructor(readonly system: string) {}

  async deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome> {
    let response: Response;
    try {
      response = await fetch(`${serverUrl}/${this.system}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messageId: message.messageId, operation: message.operation }),
        signal: AbortSignal.any([context.signal, AbortSignal.timeout(5_000)]),
      });
    } catch (error) {
      throw new UpstreamError(this.system, true, 'upstream-unreachable', `${this.system} did not answer.`, { cause: error });
    }
    if (response.status >= 500) throw new UpstreamError(this.system, true, 'upstream-unavailable', `${this.system} answered ${response.status}.`);
    if (!response.ok) throw new UpstreamError(this.system, false, 'upstream-refused', `${this.system} answered ${response.status}.`);
    return { kind: 'done', result: (await response.json()) as Record<string, unknown> };
  }

  async health(): Promise<void> {}
}

const store = openSqliteStore({ path: databasePath });
const runner = new RouteRunner({
  store,
  catalog: catalogOf(CRASH_PROCEDURE),
  adapters: new Map(CRASH_SYSTEMS.map((system) => [system, new HttpSystem(system)])),
  buildMessage: ({ step }) => ({ operation: step.name, record: {} }),
  builtins: new Map(),
  policy: { maxAttempts: 50, baseDelayMs: 50, multiplier: 2, maxDelayMs: 200, quickRetries: 1, quickDelayMs: 10 },
  breaker: { failureThreshold: 1_000, coolDownMs: 1_000 },
  owner,
  leaseMs: 1_000,
  pollIntervalMs: 10,
  concurrency: 4,
  clock: () => new Date(),
  logger: createLogger({ level: 'silent' }),
});
runner.start();
process.send?.('started');
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
