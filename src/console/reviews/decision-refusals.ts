import { GatewayError } from '../../errors.js';
import { ConsoleError } from '../console-error.js';
import type { TextKey } from '../texts.js';

/** The review desk's refusals as console pages: status and what the page says. */
const REFUSALS: Record<string, { status: ConsoleError['status']; title: TextKey; body: TextKey }> = {
  'review-not-found': { status: 404, title: 'notFoundTitle', body: 'notFoundBody' },
  'review-not-open': { status: 409, title: 'decisionRefusedTitle', body: 'notUnderReviewBody' },
  'review-claimed-by-another': { status: 409, title: 'decisionRefusedTitle', body: 'claimedByAnotherBody' },
  'review-changed': { status: 409, title: 'decisionRefusedTitle', body: 'changedMeanwhileBody' },
  'review-four-eyes': { status: 403, title: 'decisionRefusedTitle', body: 'fourEyesBody' },
  'review-role-not-allowed': { status: 403, title: 'decisionRefusedTitle', body: 'roleNotAllowedBody' },
  'review-reason-invalid': { status: 422, title: 'decisionRefusedTitle', body: 'reasonInvalidBody' },
};

/** Runs a desk call; a refusal it knows becomes its console page, anything else goes on as it is. */
export async function asConsolePage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const refusal = error instanceof GatewayError ? REFUSALS[error.code] : undefined;
    if (refusal) throw new ConsoleError(refusal.status, refusal.title, refusal.body, false, { cause: error });
    throw error;
  }
}
