import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { DEV_CLIENTS } from '../../src/config.js';
import { ClientDirectory, identifyCaller } from '../../src/http/auth.js';
import type { AppEnv } from '../../src/http/env.js';
import { toProblem } from '../../src/http/problem.js';
import { requestContext } from '../../src/http/request-context.js';
import type { Catalog, CompiledProcedure, Procedure, RouteStep } from '../../src/catalog/procedure.js';
import { UpstreamError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../src/runner/adapter.js';
import { RouteRunner, type RouteRunnerOptions } from '../../src/runner/route-runner.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';

/** A clock the test moves by hand. */
export class ManualClock {
  #ms: number;
  constructor(start = Date.UTC(2026, 3, 1, 9, 0, 0)) {
    this.#ms = start;
  }
  readonly now = (): Date => new Date(this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** A procedure with the given route and an empty form. */
export function procedureWith(id: string, route: RouteStep[]): Procedure {
  return {
    id,
    title: { ja: 'テスト手続', en: 'Test procedure' },
    identity: { kind: 'none' },
    fee: { kind: 'free' },
    feeExemptions: [],
    issuanceMethods: ['electronic'],
    route,
    form: { fields: [] },
    retention: 'P5Y',
  };
}

/** A catalog of ready procedures (forms are not what runner tests are about). */
export function catalogOf(...procedures: Procedure[]): Catalog {
  const compiled = new Map<string, CompiledProcedure>(
    procedures.map((procedure) => [
      procedure.id,
      {
        procedure,
        file: `mappings/procedures/${procedure.id}.yaml`,
        formSchema: z.record(z.string(), z.unknown()),
        jsonSchema: {},
        validateForm: (form: unknown) => ({ ok: true, data: form as Record<string, unknown> }),
      },
    ]),
  );
  return { get: (id) => compiled.get(id), list: () => [...compiled.values()] };
}

/** What a scripted adapter does with one call. */
export type Behaviour =
  | { kind: 'done'; result?: Record<string, unknown> }
  | { kind: 'accept' }
  | { kind: 'retryable' }
  | { kind: 'permanent' }
  | { kind: 'hang' };

/**
 * A core system for tests: records every call, drops duplicate effects by
 * message id like a real system, and does what it is told per call (a queue
 * of behaviours, then the default).
 */
export class ScriptedAdapter implements CoreSystemAdapter {
  readonly calls: OutboundMessage[] = [];
  /** Message ids whose effect happened (once each). */
  readonly effects = new Set<string>();
  readonly #queue: Behaviour[] = [];
  #releaseHung: (() => void)[] = [];

  constructor(
    readonly system: string,
    private readonly fallback: Behaviour = { kind: 'done' },
  ) {}

  /** Queues behaviours for the next calls. */
  then(...behaviours: Behaviour[]): this {
    this.#queue.push(...behaviours);
    return this;
  }

  /** Lets hung calls finish (successfully). */
  release(): void {
    for (const release of this.#releaseHung.splice(0)) release();
  }

  async deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome> {
    this.calls.push(structuredClone(message));
    const behaviour = this.#queue.shift() ?? this.fallback;
    switch (behaviour.kind) {
      case 'retryable':
        throw new UpstreamError(this.system, true, 'upstream-unavailable', `${this.system} answered 503.`);
      case 'permanent':
        throw new UpstreamError(this.system, false, 'upstream-refused', `${this.system} refused the message as malformed.`);
      case 'hang':
        await new Promise<void>((resolve) => {
          this.#releaseHung.push(resolve);
          context.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        this.effects.add(message.messageId);
        return { kind: 'done', result: { late: true } };
      case 'accept':
        this.effects.add(message.messageId);
        return { kind: 'accepted', correlationKey: message.messageId };
      case 'done':
        this.effects.add(message.messageId);
        return { kind: 'done', result: behaviour.result ?? { from: this.system, operation: message.operation } };
    }
  }

  async health(): Promise<void> {}

  /** How many calls carried `messageId`. */
  callsFor(messageId: string): number {
    return this.calls.filter((call) => call.messageId === messageId).length;
  }
}

/** A logger that keeps its lines for assertions. */
export function capturingLogger(): { logger: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines: () => [...lines] };
}

/** A SQLite store in a fresh temporary directory. */
export function temporaryStore(): { store: Store; path: string; dispose: () => Promise<void> } {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-runner-'));
  const path = join(directory, 'kakehashi.db');
  const store = openSqliteStore({ path });
  return {
    store,
    path,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Records an application the way intake does: `received`, with its first route job. */
export async function seedApplication(store: Store, id: string, procedure: Procedure, at: Date, form: Record<string, unknown> = { purpose: '年金の手続' }): Promise<void> {
  const now = at.toISOString();
  await store.createApplication({
    application: {
      id,
      procedureId: procedure.id,
      clientId: 'dev-frontend',
      status: 'received',
      form,
      identity: null,
      payment: null,
      issuance: { method: 'electronic' },
      accessTokenHash: 'a'.repeat(64),
      createdAt: now,
      updatedAt: now,
    },
    timeline: [{ status: 'received', at: now, source: 'intake', detail: 'Application received' }],
    job: { id: `${id}:0`, applicationId: id, step: 0, name: procedure.route[0]?.name ?? 'complete', payload: {}, runAt: now },
    claims: [],
  });
}

/** Runner options for tests: quick retries without delay, a pinned jitter, one step at a time unless told. */
export function runnerOptions(store: Store, catalog: Catalog, adapters: CoreSystemAdapter[], clock: ManualClock, overrides: Partial<RouteRunnerOptions> = {}): RouteRunnerOptions {
  return {
    store,
    catalog,
    adapters: new Map(adapters.map((adapter) => [adapter.system, adapter])),
    buildMessage: ({ step }) => ({ operation: `${step.name}-operation`, record: { step: step.name } }),
    builtins: new Map(),
    policy: { maxAttempts: 3, baseDelayMs: 1_000, multiplier: 2, maxDelayMs: 60_000, quickRetries: 2, quickDelayMs: 0 },
    breaker: { failureThreshold: 100, coolDownMs: 30_000 },
    owner: 'runner-a',
    leaseMs: 60_000,
    pollIntervalMs: 20,
    concurrency: 4,
    clock: clock.now,
    logger: capturingLogger().logger,
    random: () => 1,
    ...overrides,
  };
}

/** Runs batches until nothing is claimable now; returns how many jobs ran. */
export async function drain(runner: RouteRunner, maxBatches = 50): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await runner.runOnce();
    if (claimed === 0) return total;
    total += claimed;
  }
  throw new Error(`still claiming after ${maxBatches} batches`);
}

/** An app with the gateway's request context, caller identification (dev clients) and problem+json errors, for one route file. */
export function routeTestApp(register: (app: OpenAPIHono<AppEnv>) => void, logger: Logger = capturingLogger().logger): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext(logger));
  app.use('*', identifyCaller(new ClientDirectory(DEV_CLIENTS)));
  register(app);
  app.onError((error, c) => {
    const problem = toProblem(error, c.get('requestId') ?? 'unknown');
    return c.json(problem.body, problem.status as 400, problem.headers);
  });
  return app;
}
