/**
 * An app with the gateway's request context, caller identification (dev
 * clients) and problem+json errors, with the certificate and verification
 * routes on a real SQLite store, and certificates issued by the real step
 * with the dev PKI's city signer.
 */
import { Writable } from 'node:stream';
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEV_CLIENTS } from '../../../src/config.js';
import { ClientDirectory, identifyCaller } from '../../../src/http/auth.js';
import type { AppEnv } from '../../../src/http/env.js';
import { toProblem } from '../../../src/http/problem.js';
import { requestContext } from '../../../src/http/request-context.js';
import { registerCertificateRoutes, type CertificateRoutesOptions } from '../../../src/http/routes/certificates.js';
import { registerVerificationRoutes } from '../../../src/http/routes/verifications.js';
import { AccessTokens } from '../../../src/intake/access-token.js';
import { createIssueCertificateStep } from '../../../src/issuance/issue-certificate-step.js';
import { createCertificateVerifier } from '../../../src/issuance/verify/certificate-verifier.js';
import { createLogger } from '../../../src/logger.js';
import { MemoryRateLimiter } from '../../../src/rate-limit/rate-limiter.js';
import type { Store } from '../../../src/store/types.js';
import type { DevCity } from './dev-city.js';
import { ATENA, BASE_URL, CITY, ISSUED_AT, application, juminhyoForm, procedure, registryResident } from './issuance-fixtures.js';
import { recordApplication, temporaryStore } from './temporary-store.js';

export const STAFF = { authorization: 'Bearer dev-staff-key' };
export const FRONTEND = { authorization: 'Bearer dev-frontend-key' };
export const STORE_NETWORK = { authorization: 'Bearer dev-store-key' };

/** A clock the test sets. */
export class TestClock {
  at = new Date(ISSUED_AT.getTime() + 60_000);
  readonly now = (): Date => new Date(this.at);
}

export interface CertificateApp {
  app: OpenAPIHono<AppEnv>;
  store: Store;
  clock: TestClock;
  logLines: () => string[];
  /** Issues a 住民票の写し for a new application; returns its certificate id and the application's access token. */
  issue(applicationId: string, content?: Record<string, unknown>): Promise<{ certificateId: string; token: string }>;
  dispose(): Promise<void>;
}

export async function certificateApp(city: DevCity, pdf?: CertificateRoutesOptions['pdf']): Promise<CertificateApp> {
  const { store, dispose } = temporaryStore();
  const clock = new TestClock();
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    }),
  });
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext(logger));
  app.use('*', identifyCaller(new ClientDirectory(DEV_CLIENTS)));
  registerCertificateRoutes(app, { store, chainPem: city.signer.chainPem, clock: clock.now, ...(pdf ? { pdf } : {}) });
  registerVerificationRoutes(app, {
    verifier: createCertificateVerifier({ trustAnchors: [city.pki.city.root.certificatePem], store, clock: clock.now }),
    rateLimits: {
      limiter: new MemoryRateLimiter(),
      submissions: () => undefined,
      verifications: undefined,
      pickupLookupFailures: { perTerminal: undefined, perClient: undefined },
      trustedProxies: new Set(),
    },
  });
  app.onError((error, c) => {
    const problem = toProblem(error, c.get('requestId') ?? 'unknown');
    return c.json(problem.body, problem.status as 400, problem.headers);
  });
  const step = createIssueCertificateStep({ store, signer: city.signer, city: CITY, clock: () => ISSUED_AT, verificationBaseUrl: BASE_URL, logger });
  const tokens = new AccessTokens('test-secret-test-secret-test-secret-000');

  return {
    app,
    store,
    clock,
    logLines: () => [...lines],
    async issue(applicationId, content = {}) {
      const token = tokens.tokenFor(applicationId);
      const record = { ...application('juminhyo-copy', juminhyoForm({}, content), applicationId), accessTokenHash: AccessTokens.hash(token) };
      await recordApplication(store, record);
      const proc = await procedure('juminhyo-copy');
      const outcome = await step({
        application: record,
        procedure: proc,
        step: proc.route[1]!,
        results: { 'lookup-resident': { resident: registryResident(ATENA.takahashi, { myNumber: true }) } },
        messageId: `${applicationId}:issue-certificate`,
      });
      await store.appendTimeline(applicationId, { status: 'issued', at: ISSUED_AT.toISOString(), source: 'issue-certificate', detail: outcome.detail ?? '' });
      return { certificateId: String(outcome.result.certificateId), token };
    },
    dispose,
  };
}

/** POST with a JSON body (a string is sent as is). */
export function postJson(app: OpenAPIHono<AppEnv>, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  );
}
