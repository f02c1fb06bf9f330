import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { attachmentCheck } from './attachments/attachment-check.js';
import { Attachments } from './attachments/attachments.js';
import { DownloadLinks } from './attachments/download-links.js';
import { FilesystemBlobStore } from './attachments/filesystem-blob-store.js';
import { scheduleUnreferencedAttachmentPurge } from './attachments/unreferenced-purge.js';
import { scheduleAuditCheckpoints } from './audit/checkpoints.js';
import { CatalogCache } from './catalog/catalog-cache.js';
import { loadCatalog } from './catalog/load-catalog.js';
import { processRole, type Config } from './config.js';
import { createDegradeTable } from './codecs/degrade.js';
import { devAccessTokenSecret } from './dev-secret.js';
import { configuredEnvironment, type GatewayEnvironment } from './gateway-environment.js';
import { proceduresInNoLeaf } from './finder/check-finder.js';
import { FormFieldIndex } from './form-events/form-fields.js';
import { scheduleFormEventSessionPurge } from './form-events/session-purge.js';
import { loadFinder } from './finder/load-finder.js';
import { createApp } from './http/app.js';
import { loadPrefill } from './prefill/load-prefill.js';
import { Prefill } from './prefill/prefill.js';
import type { AppEnv } from './http/env.js';
import type { ActorResolver } from './http/review-actor.js';
import { AccessTokens } from './intake/access-token.js';
import type { SubmissionCheck } from './intake/check.js';
import { createEvidenceChecks, createResidentSignatureVerifier } from './intake/evidence-checks.js';
import { scheduleIdempotencyPurge } from './intake/idempotency-purge.js';
import { Intake } from './intake/intake.js';
import { Corrections } from './intake/correction.js';
import { createIssuanceServices } from './issuance/issuance-services.js';
import type { DecisionEvent } from './reviews/review-desk.js';
import { ReviewDesk } from './reviews/review-desk.js';
import { DEFAULT_REVIEW_DEADLINE } from './runner/review-step.js';
import type { Logger } from './logger.js';
import { procedureShapesOf } from './mapping/form-pointers.js';
import { createMessageBuilder } from './mapping/message-builder.js';
import { loadMappings } from './mapping/load-mappings.js';
import { createTransformRegistry } from './mapping/transforms/registry.js';
import { registerCircuitBreakerGauge } from './metrics/circuit-breaker-metrics.js';
import { createGatewayMetrics } from './metrics/gateway-metrics.js';
import { createRateLimiter, rateLimitsOf } from './rate-limit/create-rate-limiter.js';
import { createBreakerSharing } from './breaker-sharing/create-breaker-sharing.js';
import { postgresExchangeJournals } from './exchange-journal/postgres-exchange-journals.js';
import { connectPostgres } from './store/postgres/connect.js';
import { listenForJobs } from './store/postgres/job-wakeups.js';
import type { RateLimiter } from './rate-limit/rate-limiter.js';
import { RouteRunner } from './runner/route-runner.js';
import type { BuiltinStep } from './runner/step-types.js';
import { readinessChecks } from './readiness.js';
import { scheduleRetentionPurge } from './retention/purge-scheduler.js';
import type { StaffEvents } from './staff/staff-events.js';
import { auditStaffEvents } from './audit/audit-listeners.js';
import { StaffSessions } from './staff/staff-sessions.js';
import { openStore } from './store/open-store.js';
import { StoreHealth } from './store/store-health.js';
import { storeIsReady } from './store/store-readiness.js';
import type { Store } from './store/types.js';
import { watchStore } from './store/watched-store.js';
import { createSystems } from './systems/create-systems.js';
import { createRefunder } from './systems/refunds.js';
import { resolveSystemOptions } from './systems/resolve-options.js';
import { isoDurationMs } from './time/iso-duration.js';
import { registerWebhookClients } from './webhooks/webhook-clients.js';
import { WebhookSender } from './webhooks/webhook-sender.js';

/** A wired gateway: the app and what it owns. */
export interface Gateway {
  app: OpenAPIHono<AppEnv>;
  store: Store;
  runner: RouteRunner;
  /** Pushes status changes to the frontends' webhooks (started with the runner). */
  webhooks: WebhookSender;
  /** Uploads of attachments (the purge of unreferenced ones runs on its own timer in a background process). */
  attachments: Attachments;
  /** Settles once the catalog cache, written just after the start, is saved (or could not be: that is logged). */
  catalogCacheSaved: Promise<void>;
  /** Marks the gateway as draining: `/readyz` answers 503 from now on, and the route runner stops claiming (steps in flight finish, its leased jobs are released to the other processes). */
  drain(): void;
  /** Stops the runner (leases released), the tax poller, what the environment started (simulators), then the store. */
  close(): Promise<void>;
}

export interface GatewayOverrides {
  store?: Store;
  checks?: SubmissionCheck[];
  clock?: () => Date;
  /** false: build the runner but do not start it (a test drives it, or the process only takes applications). */
  startRunner?: boolean;
  rateLimiter?: RateLimiter;
  /** Who decides reviews (staff sessions plug in here); by default API clients of the staff role, in every ward. */
  resolveActor?: ActorResolver;
  /** Who else hears of review decisions (the store records each in the audit trail with the decision itself). */
  onReviewDecision?: (event: DecisionEvent) => Promise<void> | void;
  /** Who hears of staff sign-ins and sign-outs; by default the audit trail. */
  staffEvents?: StaffEvents;
}

/** Retry-After of a prefill the resident register could not answer: its maintenance windows and restarts are minutes, not hours. */
const PREFILL_REGISTRY_RETRY_AFTER_SECONDS = 30;

/**
 * Builds the gateway from validated configuration and what the process's edge
 * adds to it (the dev profile's simulators and dev PKI; nothing in production):
 * catalog, mappings, store, adapters, runner, intake, HTTP app.
 */
export async function createGateway(
  config: Config,
  logger: Logger,
  overrides: GatewayOverrides = {},
  environment: GatewayEnvironment = configuredEnvironment(config),
): Promise<Gateway> {
  const clock = overrides.clock ?? (() => new Date());
  const catalogCache = CatalogCache.open(join(config.dataDirectory, 'catalog-cache.json'));
  const catalog = await loadCatalog(config.catalogDirectory, { clock, cache: catalogCache });
  // mappings/<system>/ live beside the catalog's mappings/procedures/
  const mappings = await loadMappings(dirname(config.catalogDirectory), { procedures: procedureShapesOf(catalog), transforms: createTransformRegistry() });
  const finder = loadFinder(join(dirname(config.catalogDirectory), 'finder.yaml'), catalog);
  const prefillMappings = loadPrefill(join(dirname(config.catalogDirectory), 'prefill.yaml'), catalog);
  const unfindable = proceduresInNoLeaf(finder, catalog);
  if (unfindable.length > 0) logger.warn({ procedures: unfindable }, 'procedures in no leaf of mappings/finder.yaml: residents cannot find them with the finder');
  let runnerRef: RouteRunner | undefined;
  const systems = createSystems(resolveSystemOptions(config, environment.simulators), {
    clock,
    logger,
    charsetPolicy: { policy: config.charset.policy, degrade: createDegradeTable(config.charset.degrade) },
    resume: (correlationKey, system, reply) => runnerRef!.resume(correlationKey, system, reply),
    // several processes may share one PostgreSQL store: the tax exchange then has one owner at a time, and its journal is in the database
    ...(config.store.kind === 'postgres' ? { exchangeJournals: postgresExchangeJournals({ url: config.store.url, clock, logger: logger.child({ component: 'exchange' }) }) } : {}),
  });
  const openedStore = overrides.store ?? (await openStore(config.store, logger));
  const evidence = overrides.checks ? undefined : createEvidenceChecks({ config, devPki: environment.pki, payments: systems.payments, clock, logger });
  const accessTokenSecret = config.accessTokenSecret ?? devAccessTokenSecret(config.dataDirectory);
  const accessTokens = new AccessTokens(accessTokenSecret);
  const metrics = createGatewayMetrics(openedStore, logger);
  const storeHealth = new StoreHealth({ clock, logger: logger.child({ component: 'store' }), observer: metrics.store });
  const store = watchStore(openedStore, storeHealth);
  // the shared production blob store waits for the PostgreSQL store; until then the data directory holds the bytes
  const blobs = new FilesystemBlobStore(join(config.dataDirectory, 'attachments'));
  const attachments = new Attachments({ store, blobs, catalog, clock });
  const downloadLinks = new DownloadLinks(accessTokenSecret, store, config.publicBaseUrl?.replace(/\/$/, '') ?? '', clock);
  // the attachment check runs first: a bad reference is a form mistake, answered before the signature or the fee is looked at
  const checks = [attachmentCheck(store), ...(overrides.checks ?? evidence?.checks ?? [])];
  const intake = new Intake({
    store,
    catalog,
    checks,
    accessTokens,
    idempotencyTtlSeconds: config.idempotency.ttlSeconds,
    clock,
    observer: metrics.submissions,
    // the application is recorded already: a failure here only leaves its uploads to the unreferenced purge, so it is logged, not thrown
    afterRecorded: (applicationId, procedure, form) =>
      attachments.markReferenced(applicationId, procedure, form).catch((error: unknown) => {
        logger.error({ err: error, applicationId }, 'marking the uploads of a recorded application referenced failed; they may be purged as unreferenced');
      }),
  });
  const rateLimiter = overrides.rateLimiter ?? (await createRateLimiter(config, clock));

  const issuance = await createIssuanceServices({ config, issuance: environment.issuance, client: systems.storeNetwork, store, clock, logger });
  const builtins = new Map<string, BuiltinStep>([['issue-certificate', issuance.issueCertificateStep]]);
  const refund = createRefunder({ store, payments: systems.payments, clock, logger });
  const breakerSharing = await createBreakerSharing(config, logger.child({ component: 'runner' }));
  const runner = new RouteRunner({
    store,
    catalog,
    adapters: systems.coreSystems,
    buildMessage: createMessageBuilder(mappings),
    builtins,
    policy: config.runner.retry,
    breaker: config.runner.breaker,
    ...(breakerSharing ? { onBreakerChange: breakerSharing.publish } : {}),
    owner: `${hostname()}:${process.pid}:${randomUUID()}`,
    leaseMs: config.runner.leaseMs,
    pollIntervalMs: config.runner.pollIntervalMs,
    concurrency: config.runner.concurrency,
    clock,
    logger: logger.child({ component: 'runner' }),
    onRejected: refund,
    onStepEnded: metrics.onStepEnded,
    onReviewEscalated: (procedureId) => metrics.reviews.escalated(procedureId),
  });
  runnerRef = runner;
  breakerSharing?.start(runner);
  const webhookTargets = new Map(config.clients.flatMap((client) => (client.webhook ? [[client.id, client.webhook] as const] : [])));
  // Every process sets it: the store enqueues a webhook only for these clients, in the write that changes the status.
  const stopWebhookClients = await registerWebhookClients(store, [...webhookTargets.keys()], logger.child({ component: 'webhooks' }));
  const webhooks = new WebhookSender({ store, targets: webhookTargets, config: config.webhooks, clock, logger: logger.child({ component: 'webhooks' }) });
  registerCircuitBreakerGauge(metrics.registry, () => runner.breakerStates());

  const desk = new ReviewDesk({
    store,
    clock,
    wake: () => runner.wake(),
    onRejected: refund,
    onDecision: async (event) => {
      metrics.reviews.decided(event.decision);
      await overrides.onReviewDecision?.(event);
    },
    deadlineOf: (procedureId, step) => catalog.get(procedureId)?.procedure.route.find((candidate) => candidate.name === step)?.deadline ?? DEFAULT_REVIEW_DEADLINE,
  });
  // A correction is signed like a submission; the fee was paid once, so only the identity check runs again.
  const corrections = new Corrections({ store, catalog, checks: checks.filter((check) => check.name === 'identity'), desk, clock });

  const prefill = new Prefill({
    store,
    verifier: evidence?.verifier ?? createResidentSignatureVerifier({ config, devPki: environment.pki, clock, logger }),
    registry: systems.residentRegistry,
    mappings: prefillMappings,
    registryTimeoutMs: config.systems.residentRegistry.timeoutMs,
    retryAfterSeconds: PREFILL_REGISTRY_RETRY_AFTER_SECONDS,
    clock,
    logger: logger.child({ component: 'prefill' }),
  });

  let draining = false;
  const role = processRole(config);
  const formFields = new FormFieldIndex(catalog);
  const app = createApp({
    catalog,
    finder,
    formFields,
    store,
    intake,
    prefill,
    attachments: { attachments, links: downloadLinks, blobs },
    runner,
    issuance,
    reviews: { desk, corrections },
    ...(overrides.resolveActor ? { resolveActor: overrides.resolveActor } : {}),
    clients: config.clients,
    callbackSecrets: environment.callbackSecrets,
    previousCallbackSecrets: config.callbacks.previousSecrets,
    clock,
    corsOrigins: config.cors.origins,
    limits: config.limits,
    bodyIdleMs: config.http.timeouts.bodyIdleMs,
    rateLimits: rateLimitsOf(config, rateLimiter),
    metrics,
    readiness: readinessChecks({ store: () => storeIsReady(store, storeHealth, clock), isRevocationCurrent: evidence?.isRevocationCurrent }),
    isDraining: () => draining,
    role,
    console: {
      oidc: environment.staffOidc,
      sessions: new StaffSessions({ store, clock, ...config.staff.session }),
      events: overrides.staffEvents ?? auditStaffEvents(store),
      reviews: { desk, store, catalog },
      deadLetters: { store, catalog, runner },
      certificates: { store },
      audit: { store },
      statistics: { store, catalog, fields: formFields },
    },
    logger,
  });
  let stopPurge = () => {};
  let stopRetentionPurge = async () => {};
  let stopSessionPurge = () => {};
  let stopAttachmentPurge = () => {};
  let stopCheckpoints = async () => {};
  let stopJobWakeups = async () => {};
  let stoppingRunner: Promise<void> | undefined;
  const background = overrides.startRunner !== false && role !== 'api';
  if (background) {
    runner.start();
    if (config.store.kind === 'postgres') {
      // Every process's runner claims as soon as any process commits a job that is due, instead of at its next poll.
      const wakeups = connectPostgres({ url: config.store.url, max: 1 });
      const unlisten = await listenForJobs(wakeups, () => runner.wake());
      stopJobWakeups = async () => {
        await unlisten();
        await wakeups.end({ timeout: 1 });
      };
    }
    webhooks.start();
    systems.tax.start();
    issuance.scheduler.start();
    stopPurge = scheduleIdempotencyPurge({ store, clock, intervalMs: 3600_000, logger });
    stopRetentionPurge = scheduleRetentionPurge({
      store,
      catalog,
      clock,
      batchSize: config.retention.batchSize,
      intervalMs: isoDurationMs(config.retention.purgeEvery),
      logger: logger.child({ component: 'retention' }),
      metrics: metrics.retention,
    });
    stopSessionPurge = scheduleFormEventSessionPurge({ store, clock, intervalMs: 3600_000, logger });
    stopAttachmentPurge = scheduleUnreferencedAttachmentPurge({ attachments, intervalMs: 3600_000, logger });
    stopCheckpoints = scheduleAuditCheckpoints({ store, sign: issuance.issuance.signer.sign, clock, intervalMs: 600_000, logger: logger.child({ component: 'audit' }) });
  }
  logger.info({ procedures: catalog.list().length, mappings: mappings.list().length, store: config.store.kind, background }, 'gateway ready');
  const cacheSave = catalogCache.saveSoon((err) => logger.warn({ err }, 'the catalog cache cannot be written; the next start checks every procedure file again'));
  return {
    app,
    store,
    runner,
    webhooks,
    attachments,
    catalogCacheSaved: cacheSave.done,
    drain: () => {
      draining = true;
      // No new claims from here on: steps in flight finish, this process's leased jobs go back to ready for the other processes.
      stoppingRunner ??= runner.stop().catch((error: unknown) => logger.error({ err: error }, 'the route runner did not stop cleanly; its leases lapse on their own'));
    },
    close: async () => {
      cacheSave.cancel();
      stopWebhookClients();
      stopPurge();
      await stopRetentionPurge();
      stopSessionPurge();
      stopAttachmentPurge();
      await stopCheckpoints();
      await stopJobWakeups();
      await (stoppingRunner ?? runner.stop());
      await breakerSharing?.stop();
      await webhooks.stop();
      await systems.tax.close();
      await issuance.scheduler.stop();
      await environment.close();
      await rateLimiter.close();
      await store.close();
    },
  };
}

/** Listens on the configured port with the configured HTTP timeouts; resolves with the bound port once listening. */
export function listen(gateway: Gateway, config: Config): Promise<{ server: ServerType; port: number }> {
  const { requestMs, headersMs, keepAliveMs } = config.http.timeouts;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: gateway.app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: {
          requestTimeout: requestMs,
          headersTimeout: headersMs,
          keepAliveTimeout: keepAliveMs,
          // Node checks the two timeouts only this often (30 s by default), which would stretch them
          connectionsCheckingInterval: Math.min(1000, headersMs, requestMs),
        },
      },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}
