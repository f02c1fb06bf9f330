import { OpenAPIHono } from '@hono/zod-openapi';
import { createConsoleApp, type ConsoleDependencies } from '../console/console-app.js';
import { secureHeaders } from 'hono/secure-headers';
import type { Catalog } from '../catalog/procedure.js';
import type { ClientConfig } from '../config.js';
import { ConfigurationError, NotFoundError } from '../errors.js';
import type { FinderTree } from '../finder/finder-tree.js';
import type { FormFieldIndex } from '../form-events/form-fields.js';
import type { Intake } from '../intake/intake.js';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { IssuanceServices } from '../issuance/issuance-services.js';
import type { RouteRunner } from '../runner/route-runner.js';
import { StorageUnavailableError } from '../store/store-errors.js';
import type { Store } from '../store/types.js';
import { ClientDirectory, identifyCaller } from './auth.js';
import { corsForOrigins } from './cors-for-origins.js';
import type { AppEnv } from './env.js';
import { allowedMethodsFinder } from './method-not-allowed.js';
import type { RateLimits } from '../rate-limit/create-rate-limiter.js';
import { problemType, toProblem } from './problem.js';
import { requestContext } from './request-context.js';
import { recordRequestMetrics } from './request-metrics.js';
import { registerApplicationRoutes } from './routes/applications.js';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries.js';
import { registerAttachmentRoutes, type AttachmentRoutesOptions } from './routes/attachments.js';
import { registerAuditRoutes } from './routes/audit.js';
import { runnerRolePaths } from './runner-role-paths.js';
import type { ProcessRole } from '../config.js';
import { registerCallbackRoutes } from './routes/callbacks.js';
import { registerCertificateRoutes } from './routes/certificates.js';
import { registerCorrectionRoutes } from './routes/corrections.js';
import { registerReviewRoutes } from './routes/reviews.js';
import type { ReviewDesk } from '../reviews/review-desk.js';
import type { Corrections } from '../intake/correction.js';
import { staffClientActor, type ActorResolver } from './review-actor.js';
import { registerDeadLetterRoutes } from './routes/dead-letters.js';
import { registerDocRoutes } from './routes/docs.js';
import { registerFinderRoutes } from './routes/finder.js';
import { registerFormEventStatisticsRoutes } from './routes/form-event-statistics.js';
import { registerFormEventRoutes } from './routes/form-events.js';
import { registerOperationalStatisticsRoutes } from './routes/operational-statistics.js';
import type { ReadinessCheck } from '../readiness.js';
import { logRequestError } from './request-error-log.js';
import { createPickupLookupGuard } from './pickup-lookup-guard.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMetricsRoutes } from './routes/metrics.js';
import { registerPickupRoutes } from './routes/pickups.js';
import { registerPrefillRoutes } from './routes/prefill.js';
import type { Prefill } from '../prefill/prefill.js';
import { registerProblemTypeRoutes } from './routes/problems.js';
import { registerProcedureRoutes } from './routes/procedures.js';
import { registerVerificationRoutes } from './routes/verifications.js';
import { registerVerifyPage } from './routes/verify-page.js';

export interface AppDependencies {
  catalog: Catalog;
  /** The procedure finder's question tree, checked against the catalog. */
  finder: FinderTree;
  /** The fields of each procedure's form that form events may name. */
  formFields: FormFieldIndex;
  store: Store;
  intake: Intake;
  /** Prefill: challenges, and the register's facts for the resident who signed one. */
  prefill: Prefill;
  /** Uploads for attachment fields and their claim-check downloads. */
  attachments: AttachmentRoutesOptions;
  runner: RouteRunner;
  issuance: IssuanceServices;
  /** Review decisions and the frontend's corrections after 差戻し. */
  reviews: { desk: ReviewDesk; corrections: Corrections };
  /** Who is deciding a review; by default API clients of the staff role, in every ward. */
  resolveActor?: ActorResolver;
  clients: ClientConfig[];
  /** HMAC secrets of the core systems' callbacks, by system id. */
  callbackSecrets: Record<string, string>;
  /** The secret each system signed with before the current one, accepted too while it is rotated. */
  previousCallbackSecrets?: Record<string, string>;
  corsOrigins: string[];
  limits: { bodyBytes: number; jsonDepth: number };
  /** How long a request body may stop arriving before the answer is 408 (read by `limitBody`). */
  bodyIdleMs: number;
  rateLimits: RateLimits;
  /** This gateway's metrics: the registry `/metrics` serves, and what requests and submissions record in it. */
  metrics: GatewayMetrics;
  readiness: ReadinessCheck[];
  isDraining: () => boolean;
  /** `runner`: only the operations endpoints are answered (see src/http/runner-role-paths.ts). */
  role: ProcessRole;
  /** The staff console: sign-in, sessions, and what is told about them. */
  console: Omit<ConsoleDependencies, 'clock' | 'logger'>;
  /** The gateway's clock: callback signature windows, pickup expiry, revocation and dead-letter times are read from it. */
  clock: () => Date;
  logger: Logger;
}

/** Builds the gateway's HTTP application. No I/O happens here: everything is passed in. */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', recordRequestMetrics(deps.metrics.http));
  app.use('*', requestContext(deps.logger));
  app.use('*', async (c, next) => {
    c.set('bodyIdleMs', deps.bodyIdleMs);
    await next();
  });
  // a route's own security header wins (the console's Referrer-Policy)
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin', overwrite: false }));
  app.use('*', corsForOrigins(deps.corsOrigins));
  app.use('*', identifyCaller(new ClientDirectory(deps.clients)));
  if (deps.role === 'runner') app.use('*', runnerRolePaths());

  registerHealthRoutes(app, deps.readiness, deps.isDraining, () => deps.runner.breakerStates());
  registerMetricsRoutes(app, deps.metrics.registry);
  registerDocRoutes(app);
  registerProblemTypeRoutes(app);
  registerProcedureRoutes(app, deps.catalog);
  registerFinderRoutes(app, deps.finder, deps.catalog);
  registerFormEventRoutes(app, { store: deps.store, fields: deps.formFields, limiter: deps.rateLimits.limiter, rateLimit: deps.rateLimits.formEvents, clock: deps.clock });
  registerFormEventStatisticsRoutes(app, { store: deps.store, catalog: deps.catalog, fields: deps.formFields, clock: deps.clock });
  registerOperationalStatisticsRoutes(app, { store: deps.store, catalog: deps.catalog, clock: deps.clock });
  registerApplicationRoutes(app, { intake: deps.intake, store: deps.store, catalog: deps.catalog, ...deps.limits, onRefused: (code) => deps.metrics.submissions.refused(code), rateLimits: deps.rateLimits });
  registerPrefillRoutes(app, { prefill: deps.prefill, catalog: deps.catalog });
  registerAttachmentRoutes(app, deps.attachments);
  registerCorrectionRoutes(app, { corrections: deps.reviews.corrections, ...deps.limits });
  registerWebhookDeliveryRoutes(app, { store: deps.store });
  registerReviewRoutes(app, { desk: deps.reviews.desk, resolveActor: deps.resolveActor ?? staffClientActor });
  registerDeadLetterRoutes(app, { store: deps.store, catalog: deps.catalog, runner: deps.runner, clock: deps.clock });
  registerAuditRoutes(app, { store: deps.store });
  registerCertificateRoutes(app, { store: deps.store, chainPem: deps.issuance.issuance.chainPem, pdf: deps.issuance.pdf, clock: deps.clock });
  registerVerificationRoutes(app, { verifier: deps.issuance.issuance.verifier, rateLimits: deps.rateLimits });
  registerVerifyPage(app, deps.issuance.issuance.city);
  app.route('/console', createConsoleApp({ ...deps.console, clock: deps.clock, logger: deps.logger }));
  const callbackSecrets = callbackSecretsOf(deps);
  const storeNetworkSecrets = callbackSecrets['convenience-store'];
  if (!storeNetworkSecrets) throw new ConfigurationError("setting 'callbacks.secrets.convenience-store': required");
  // before the generic /v1/callbacks/{system}: the store network's callback has its own route
  registerPickupRoutes(app, {
    store: deps.store,
    pdf: deps.issuance.pdfById,
    lookupGuard: createPickupLookupGuard({ limiter: deps.rateLimits.limiter, policies: deps.rateLimits.pickupLookupFailures, metrics: deps.metrics.pickupLookups }),
    callbackSecrets: storeNetworkSecrets,
    bodyBytes: deps.limits.bodyBytes,
    jsonDepth: deps.limits.jsonDepth,
    clock: deps.clock,
  });
  registerCallbackRoutes(app, { secrets: callbackSecrets, clock: deps.clock, store: deps.store, runner: deps.runner, bodyBytes: deps.limits.bodyBytes, jsonDepth: deps.limits.jsonDepth });

  const allowedMethods = allowedMethodsFinder(app);
  app.notFound((c) => {
    const methods = allowedMethods(c.req.path);
    if (methods.length > 0) {
      const requestId = c.get('requestId');
      return c.json(
        { type: problemType('method-not-allowed'), title: 'Method not allowed', status: 405, detail: `Use ${methods.join(', ')} on this path.`, instance: requestId },
        405,
        { 'content-type': 'application/problem+json', allow: methods.join(', ') },
      );
    }
    const problem = toProblem(new NotFoundError('not-found', 'There is nothing at this path.'), c.get('requestId'));
    return c.json(problem.body, 404, problem.headers);
  });
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    const problem = toProblem(error, requestId);
    // The store's health logs a storage failure once per incident, not once per refused request.
    if (problem.status >= 500 && !(error instanceof StorageUnavailableError)) logRequestError(c, deps.logger, error, problem.status);
    return c.json(problem.body, problem.status as 400, problem.headers);
  });
  return app;
}

function callbackSecretsOf(deps: Pick<AppDependencies, 'callbackSecrets' | 'previousCallbackSecrets'>): Record<string, readonly string[]> {
  const previous = deps.previousCallbackSecrets ?? {};
  return Object.fromEntries(
    Object.entries(deps.callbackSecrets).map(([system, current]) => [system, Object.hasOwn(previous, system) ? [current, previous[system]!] : [current]]),
  );
}
