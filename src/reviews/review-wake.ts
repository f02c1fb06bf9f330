/** The pseudo-system a review step waits on: only decisions and corrections wake it, never a core system's callback. */
export const REVIEW_SYSTEM = 'review';

/** The correlation key a review step's job waits on. */
export function reviewCorrelationKey(applicationId: string): string {
  return `review:${applicationId}`;
}
