import { fromPointer } from '../catalog/json-pointer.js';
import { canonicalBytes } from '../json/canonical-json.js';
import { InputError, type InputIssue } from '../errors.js';
import { signatureError } from '../pki/errors.js';
import { factMatches } from '../pki/fact-comparison.js';
import type { SubjectFacts } from '../pki/four-facts.js';
import type { SignatureVerifier } from '../pki/verify-signature.js';
import type { SubmissionCheck } from './check.js';
import type { Submission } from './submission.js';

/**
 * The bytes a submission's signature covers: the RFC 8785 (JCS) canonical
 * UTF-8 JSON of `{ procedureId, form }`, with the form exactly as submitted
 * (before the form schema normalised anything).
 */
export function signedContentOf(submission: Pick<Submission, 'procedureId' | 'form'>): Buffer {
  return canonicalBytes({ procedureId: submission.procedureId, form: submission.form });
}

/** The value at a JSON Pointer inside the form, or undefined (own properties only). */
function valueAt(form: Record<string, unknown>, pointer: string): unknown {
  let current: unknown = form;
  for (const segment of fromPointer(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const asText = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

type FactName = 'name' | 'birthDate' | 'address' | 'gender';
const FACT_LABELS: Record<FactName, string> = { name: 'name', birthDate: 'date of birth', address: 'address', gender: 'gender' };

function matches(fact: FactName, typed: string, facts: SubjectFacts): boolean {
  switch (fact) {
    case 'name':
      return factMatches(typed, facts.name, facts.nameSubstitute);
    case 'address':
      return factMatches(typed, facts.address, facts.addressSubstitute);
    case 'birthDate':
      return factMatches(typed, facts.birthDate);
    case 'gender':
      return factMatches(typed, facts.gender);
  }
}

/**
 * The identity check at intake. For a procedure with `identity.kind: jpki`
 * the submission must carry a detached CMS signature over
 * `signedContentOf(submission)` by a valid, unrevoked JPKI signing
 * certificate whose four facts match the applicant in the form (at the
 * procedure's `identity.applicant` pointers). Width, kana script and spacing
 * differences are accepted; old/new character forms only via the
 * certificate's substitute-character text.
 *
 * For `identity.kind: none` it does nothing: a signature sent anyway is
 * ignored (neither verified nor recorded, nor claimed).
 *
 * Refuses with SignatureError `signature-required` (and the verifier's
 * codes), InputError `applicant-mismatch` (422, one issue per differing
 * field, values never echoed) or UnavailableError `revocation-unavailable`.
 */
export function createIdentityCheck(options: { verifier: SignatureVerifier }): SubmissionCheck {
  return {
    name: 'identity',
    async check({ procedure, submission, now }) {
      const requirement = procedure.procedure.identity;
      if (requirement.kind === 'none') return {};
      if (!submission.signature) {
        throw signatureError('signature-required', 'This procedure requires a JPKI signature in /signature.', { pointer: '/signature' });
      }
      const verified = await options.verifier.verify(signedContentOf(submission), submission.signature.value);

      const issues: InputIssue[] = [];
      for (const [fact, pointer] of Object.entries(requirement.applicant) as Array<[FactName, string | undefined]>) {
        if (pointer === undefined) continue;
        const typed = asText(valueAt(submission.form, pointer));
        if (typed === null || !matches(fact, typed, verified.subjectFacts)) {
          issues.push({
            pointer: `/form${pointer}`,
            code: 'applicant-mismatch',
            message: `The applicant's ${FACT_LABELS[fact]} differs from the signing certificate.`,
          });
        }
      }
      if (issues.length > 0) {
        throw new InputError(
          'applicant-mismatch',
          `The applicant in the form is not the holder of the signing certificate (${issues.map((issue) => issue.pointer).join(', ')}).`,
          issues,
        );
      }
      return {
        identity: {
          method: 'jpki',
          certificateSerial: verified.serial,
          issuer: verified.issuer,
          signingTime: verified.signingTime,
          // the holder as the certificate names them, for the staff console's application page (personal data: never logged)
          signer: { name: verified.subjectFacts.name, address: verified.subjectFacts.address },
        },
        claims: [{ kind: 'signature', key: verified.signatureDigest }],
        timeline: [{ status: 'verified', at: now.toISOString(), source: 'intake', detail: 'JPKI signature verified' }],
      };
    },
  };
}
