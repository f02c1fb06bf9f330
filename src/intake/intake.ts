import type { Catalog, CompiledProcedure } from '../catalog/procedure.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { ClaimTakenError, type Store, type StoredResponse, type TimelineEntry, type UniqueClaim } from '../store/types.js';
import { AccessTokens } from './access-token.js';
import { TimeOrderedIds } from './application-id.js';
import type { CheckOutcome, SubmissionCheck } from './check.js';
import { requestHash } from './request-hash.js';
import { SubmissionSchema, type Submission } from './submission.js';
import { issuesFromZod } from './zod-issues.js';

export interface IntakeOptions {
  store: Store;
  catalog: Catalog;
  /** Evidence checks run in order after form validation (identity, payment). */
  checks: SubmissionCheck[];
  accessTokens: AccessTokens;
  idempotencyTtlSeconds: number;
  clock: () => Date;
  /** Application ids; by default time-ordered UUIDv7s (application-id.ts). */
  newId?: () => string;
  /** Told what became of each submission that intake answered with a 202. */
  observer?: IntakeObserver;
  /**
   * Runs right after an application was recorded, with its validated form
   * (attachments mark their uploads referenced here). Must be idempotent and
   * must not reject: the application is recorded already, so the caller handles
   * (logs) its own failure.
   */
  afterRecorded?: (applicationId: string, procedure: CompiledProcedure, form: Record<string, unknown>) => Promise<void>;
}

/** Told what intake did (the gateway's metrics count it). Must not throw. */
export interface IntakeObserver {
  /** An application of `procedureId` was recorded. */
  recorded(procedureId: string): void;
  /** A retry with the same key and body got the first response again; nothing was recorded. */
  replayed(): void;
}

/**
 * The answer to a submission, ready to send; `replayed` when it repeats an earlier one.
 * `recorded` names what this request recorded, for the request's log line (intake
 * writes no line of its own: one line per request).
 */
export interface IntakeResponse extends StoredResponse {
  replayed: boolean;
  recorded?: RecordedApplication;
}

/** Which application a submission recorded: ids only, never personal data. */
export interface RecordedApplication {
  applicationId: string;
  procedureId: string;
}

/** What a 202 body carries. */
export interface AcceptedApplication {
  id: string;
  status: string;
  statusUrl: string;
  accessToken: string;
}

/** How long a key stays locked by a request that has not finished (checks included). */
const IN_FLIGHT_LOCK_SECONDS = 120;

const CLAIM_CONFLICTS: Record<string, { code: string; detail: string }> = {
  signature: { code: 'signature-replayed', detail: 'This signed payload was already submitted; sign the application again.' },
  payment: { code: 'payment-already-used', detail: 'This payment already paid for another application.' },
};

/**
 * Checks an application and records it: idempotency, form, evidence checks, then
 * one durable write of the application, its first timeline entries, its first
 * route job and the idempotent response.
 */
export class Intake {
  readonly #options: IntakeOptions;
  readonly #newId: () => string;

  constructor(options: IntakeOptions) {
    this.#options = options;
    const ids = new TimeOrderedIds();
    this.#newId = options.newId ?? (() => ids.next());
  }

  /**
   * Submits an application for `clientId` under `idempotencyKey`. A retry with the
   * same key and body replays the first response; a different body is a 422; a retry
   * while the first is still running is a 409. A key is bound only when an
   * application was recorded: a refused submission may be corrected and sent again
   * under the same key.
   */
  async submit(clientId: string, idempotencyKey: string, body: unknown): Promise<IntakeResponse> {
    const { store, clock, idempotencyTtlSeconds } = this.#options;
    const now = clock();
    const bodyHash = requestHash(body);
    // While in flight the key is only locked briefly: if this process dies mid-request
    // the client's retry proceeds after the lock lapses instead of getting 409s for a day.
    const lockUntil = new Date(now.getTime() + IN_FLIGHT_LOCK_SECONDS * 1000).toISOString();
    const begun = await store.beginIdempotent(clientId, idempotencyKey, bodyHash, now.toISOString(), lockUntil);
    if (begun.outcome === 'completed') {
      this.#options.observer?.replayed();
      return { ...this.#withToken(begun.response), replayed: true };
    }
    if (begun.outcome === 'in-flight') {
      throw new ConflictError('idempotency-in-flight', 'A request with this Idempotency-Key is still being processed; retry later.');
    }
    if (begun.outcome === 'mismatch') {
      throw new InputError('idempotency-key-reused', 'This Idempotency-Key was already used with a different request body.', [
        { pointer: 'header:Idempotency-Key', code: 'idempotency-key-reused', message: 'Use a new key for a different request.' },
      ]);
    }
    try {
      const retainUntil = new Date(now.getTime() + idempotencyTtlSeconds * 1000).toISOString();
      return { ...(await this.#record(clientId, idempotencyKey, body, now, retainUntil)), replayed: false };
    } catch (error) {
      await store.abandonIdempotent(clientId, idempotencyKey);
      throw error;
    }
  }

  async #record(clientId: string, idempotencyKey: string, body: unknown, now: Date, retainUntil: string): Promise<StoredResponse & { recorded: RecordedApplication }> {
    const submission = parseSubmission(body);
    const procedure = this.#procedure(submission.procedureId);
    const validation = procedure.validateForm(submission.form);
    if (!validation.ok) {
      throw new InputError('form-invalid', `The form does not satisfy procedure '${procedure.procedure.id}'.`, validation.issues);
    }
    checkIssuance(procedure, submission);
    const outcomes: CheckOutcome[] = [];
    for (const check of this.#options.checks) {
      outcomes.push(await check.check({ procedure, submission, form: validation.data, clientId, now }));
    }
    const id = this.#newId();
    const at = now.toISOString();
    const accessToken = this.#options.accessTokens.tokenFor(id);
    const timeline: TimelineEntry[] = [
      { status: 'received', at, source: 'intake', detail: 'Application received' },
      ...outcomes.flatMap((outcome) => outcome.timeline ?? []),
    ];
    const status = timeline.at(-1)!.status;
    const accepted: AcceptedApplication = { id, status, statusUrl: `/v1/applications/${id}`, accessToken };
    const firstStep = procedure.procedure.route[0];
    const stored: StoredResponse = {
      status: 202,
      headers: { location: accepted.statusUrl },
      body: JSON.stringify({ ...accepted, accessToken: undefined }),
    };
    try {
      await this.#options.store.createApplication({
        application: {
          id,
          procedureId: procedure.procedure.id,
          clientId,
          status,
          form: validation.data,
          identity: mergeOf(outcomes, 'identity'),
          payment: mergeOf(outcomes, 'payment'),
          issuance: submission.issuance ?? null,
          accessTokenHash: AccessTokens.hash(accessToken),
          createdAt: at,
          updatedAt: at,
        },
        timeline,
        job: { id: `${id}:0`, applicationId: id, step: 0, name: firstStep?.name ?? 'complete', payload: {}, runAt: at },
        claims: outcomes.flatMap((outcome): UniqueClaim[] => outcome.claims ?? []),
        idempotency: { clientId, key: idempotencyKey, response: stored, expiresAt: retainUntil },
      });
    } catch (error) {
      if (error instanceof ClaimTakenError) {
        const conflict = CLAIM_CONFLICTS[error.claim.kind] ?? { code: 'already-used', detail: 'Part of this submission was already used.' };
        throw new ConflictError(conflict.code, conflict.detail);
      }
      throw error;
    }
    await this.#options.afterRecorded?.(id, procedure, validation.data);
    this.#options.observer?.recorded(procedure.procedure.id);
    return { ...stored, body: JSON.stringify(accepted), recorded: { applicationId: id, procedureId: procedure.procedure.id } };
  }

  #procedure(procedureId: string): CompiledProcedure {
    const procedure = this.#options.catalog.get(procedureId);
    if (!procedure) {
      throw new InputError('procedure-unknown', `There is no procedure '${procedureId}'.`, [
        { pointer: '/procedureId', code: 'not-in-list', message: 'Not a procedure of the catalog (GET /v1/procedures).' },
      ]);
    }
    return procedure;
  }

  /** A stored response holds no token: it is derived again for the replay. */
  #withToken(response: StoredResponse): StoredResponse {
    if (response.status !== 202) return response;
    const accepted = JSON.parse(response.body) as AcceptedApplication;
    return { ...response, body: JSON.stringify({ ...accepted, accessToken: this.#options.accessTokens.tokenFor(accepted.id) }) };
  }
}

function parseSubmission(body: unknown): Submission {
  const result = SubmissionSchema.safeParse(body);
  if (result.success) return result.data;
  throw new InputError('submission-invalid', 'The submission body does not have the expected shape.', issuesFromZod(result.error, ''), { semantic: false });
}

function checkIssuance(procedure: CompiledProcedure, submission: Submission): void {
  const allowed = procedure.procedure.issuanceMethods;
  const method = submission.issuance?.method;
  if (allowed.length === 0 && method !== undefined) {
    throw new InputError('issuance-not-offered', 'This procedure issues nothing; omit issuance.', [
      { pointer: '/issuance', code: 'unknown-field', message: 'This procedure issues no document.' },
    ]);
  }
  if (allowed.length > 0 && (method === undefined || !allowed.includes(method))) {
    throw new InputError('issuance-method-invalid', `Choose one of: ${allowed.join(', ')}.`, [
      { pointer: method === undefined ? '/issuance' : '/issuance/method', code: method === undefined ? 'required' : 'not-in-list', message: `One of: ${allowed.join(', ')}.` },
    ]);
  }
}

function mergeOf(outcomes: CheckOutcome[], key: 'identity' | 'payment'): Record<string, unknown> | null {
  const parts = outcomes.map((outcome) => outcome[key]).filter((part): part is Record<string, unknown> => part !== undefined);
  return parts.length === 0 ? null : Object.assign({}, ...parts);
}

/** Thrown for unknown application ids, and for ids the caller may not see. */
export function applicationNotFound(): NotFoundError {
  return new NotFoundError('application-not-found', 'No application with this id is visible to you.');
}
