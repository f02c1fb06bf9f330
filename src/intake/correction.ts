import { z } from 'zod';
import type { Catalog } from '../catalog/procedure.js';
import { InputError } from '../errors.js';
import type { ReviewDesk } from '../reviews/review-desk.js';
import type { ApplicationRecord, Store } from '../store/types.js';
import { AccessTokens } from './access-token.js';
import type { SubmissionCheck } from './check.js';
import { applicationNotFound } from './intake.js';
import { SignatureEvidenceSchema } from './submission.js';
import { issuesFromZod } from './zod-issues.js';

/** The body of `POST /v1/applications/{id}/corrections`: the whole corrected form, signed like a submission. */
export const CorrectionSchema = z
  .object({
    procedureId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
      .meta({ description: "The application's procedure; a correction never changes it", example: 'business-support-grant' }),
    form: z.record(z.string(), z.unknown()).meta({ description: 'The whole corrected form, as for a submission' }),
    signature: SignatureEvidenceSchema.optional(),
  })
  .strict()
  .meta({ id: 'Correction' });

export interface CorrectionsOptions {
  store: Store;
  catalog: Catalog;
  /** The evidence checks of a submission that apply again (the identity; the fee was paid once). */
  checks: SubmissionCheck[];
  desk: ReviewDesk;
  clock: () => Date;
}

/**
 * 差戻し answered: the frontend resends the corrected form of an application
 * returned for correction. Checked as a submission is (shape, the same
 * procedure, the form, the JPKI signature by the same certificate holder),
 * then written with the review open again in one store write; the route
 * resumes at its review step. Only the client that submitted the application,
 * holding its access token, may correct it: anyone else gets 404.
 */
export class Corrections {
  constructor(private readonly options: CorrectionsOptions) {}

  async correct(clientId: string, applicationId: string, accessToken: string | undefined, body: unknown): Promise<{ id: string; status: string; statusUrl: string }> {
    const { store, catalog, checks, desk, clock } = this.options;
    const application = applicationId.length <= 128 ? await store.getApplication(applicationId) : null;
    if (!application || application.clientId !== clientId || accessToken === undefined || !AccessTokens.matches(accessToken, application.accessTokenHash)) {
      throw applicationNotFound();
    }
    const parsed = CorrectionSchema.safeParse(body);
    if (!parsed.success) throw new InputError('correction-invalid', 'The correction body does not have the expected shape.', issuesFromZod(parsed.error, ''), { semantic: false });
    const submission = parsed.data;
    if (submission.procedureId !== application.procedureId) {
      throw new InputError('correction-changes-procedure', `A correction keeps the application's procedure '${application.procedureId}'; submit a new application for another procedure.`, [
        { pointer: '/procedureId', code: 'changed', message: `Must be '${application.procedureId}'.` },
      ]);
    }
    const procedure = catalog.get(application.procedureId);
    if (!procedure) throw applicationNotFound();
    const validation = procedure.validateForm(submission.form);
    if (!validation.ok) throw new InputError('form-invalid', `The form does not satisfy procedure '${procedure.procedure.id}'.`, validation.issues);
    let identity = application.identity;
    for (const check of checks) {
      const outcome = await check.check({ procedure, submission, form: validation.data, clientId, now: clock() });
      if (outcome.identity) identity = sameSigner(application, outcome.identity);
    }
    await desk.correct(application.id, { form: validation.data, identity });
    return { id: application.id, status: 'under-review', statusUrl: `/v1/applications/${application.id}` };
  }
}

/** The corrected application must be signed by the holder of the certificate that signed it first. */
function sameSigner(application: ApplicationRecord, identity: Record<string, unknown>): Record<string, unknown> {
  const first = application.identity;
  if (first && (first.certificateSerial !== identity.certificateSerial || first.issuer !== identity.issuer)) {
    throw new InputError('correction-signer-differs', 'The correction must be signed with the certificate that signed the application.', [
      { pointer: '/signature', code: 'other-signer', message: 'Sign with the same My Number card as the application.' },
    ]);
  }
  return { ...first, ...identity };
}
