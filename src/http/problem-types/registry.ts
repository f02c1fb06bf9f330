import { ATTACHMENT_PROBLEM_TYPES } from './attachments.js';
import { CALLBACK_PROBLEM_TYPES } from './callbacks.js';
import { CERTIFICATE_PROBLEM_TYPES } from './certificates.js';
import { CORE_SYSTEM_PROBLEM_TYPES } from './core-systems.js';
import { DEAD_LETTER_PROBLEM_TYPES } from './dead-letters.js';
import { FINDER_PROBLEM_TYPES } from './finder.js';
import { FORM_EVENT_PROBLEM_TYPES } from './form-events.js';
import { PAYMENT_PROBLEM_TYPES } from './payments.js';
import { PICKUP_PROBLEM_TYPES } from './pickups.js';
import { PREFILL_PROBLEM_TYPES } from './prefill.js';
import type { ProblemType } from './problem-type.js';
import { READINESS_PROBLEM_TYPES } from './readiness.js';
import { REQUEST_PROBLEM_TYPES } from './requests.js';
import { REVIEW_PROBLEM_TYPES } from './reviews.js';
import { ROUTE_STEP_PROBLEM_TYPES } from './route-steps.js';
import { SIGNATURE_PROBLEM_TYPES } from './signatures.js';
import { STORE_PROBLEM_TYPES } from './store.js';
import { SUBMISSION_PROBLEM_TYPES } from './submissions.js';

/**
 * Every problem type the gateway sends, sorted by code: the registry behind
 * `GET /problems`. A new error code is documented here, in the file of its
 * area; test/http/problem-types.test.ts fails for a code thrown anywhere in
 * src/ or adapters/ that is missing.
 */
export const PROBLEM_TYPES: readonly ProblemType[] = [
  ...REQUEST_PROBLEM_TYPES,
  ...SUBMISSION_PROBLEM_TYPES,
  ...SIGNATURE_PROBLEM_TYPES,
  ...PAYMENT_PROBLEM_TYPES,
  ...CERTIFICATE_PROBLEM_TYPES,
  ...PICKUP_PROBLEM_TYPES,
  ...CALLBACK_PROBLEM_TYPES,
  ...DEAD_LETTER_PROBLEM_TYPES,
  ...REVIEW_PROBLEM_TYPES,
  ...STORE_PROBLEM_TYPES,
  ...READINESS_PROBLEM_TYPES,
  ...ROUTE_STEP_PROBLEM_TYPES,
  ...CORE_SYSTEM_PROBLEM_TYPES,
  ...FINDER_PROBLEM_TYPES,
  ...FORM_EVENT_PROBLEM_TYPES,
  ...PREFILL_PROBLEM_TYPES,
  ...ATTACHMENT_PROBLEM_TYPES,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const BY_CODE = new Map(PROBLEM_TYPES.map((problemType) => [problemType.code, problemType]));

/** The documentation of the problem type with this code, or undefined when there is none. */
export function findProblemType(code: string): ProblemType | undefined {
  return BY_CODE.get(code);
}
