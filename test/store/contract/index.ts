import { describe } from 'vitest';
import { describeApplicationContract } from './applications.contract.js';
import { describeAttachmentContract } from './attachments.contract.js';
import { describeCallbackReceiptContract } from './callback-receipts.contract.js';
import { describeCertificateContract } from './certificates.contract.js';
import { describeDeadLetterContract } from './dead-letters.contract.js';
import { describeDeliveryContract } from './deliveries.contract.js';
import { describeIdempotencyContract } from './idempotency.contract.js';
import { describeIntakeContract } from './intake.contract.js';
import { describeJobQueueContract } from './job-queue.contract.js';
import { describeJobReplyContract } from './job-replies.contract.js';
import { describeJobContract } from './jobs.contract.js';
import { describeLifecycleContract } from './lifecycle.contract.js';
import type { OpenStore } from './open-store.js';
import { describePickupContract } from './pickups.contract.js';
import { describePrefillChallengeContract } from './prefill-challenges.contract.js';
import { describeReviewContract } from './reviews.contract.js';
import { describeStaffSessionContract } from './staff-sessions.contract.js';

export type { OpenStore } from './open-store.js';

/**
 * The Store contract suite, one file per part. Every implementation runs it
 * unchanged; a rule tested here is a rule callers may rely on. The retention,
 * form-event and audit parts have their own suites beside this folder
 * (`../retention.contract.ts`, `../form-events.contract.ts`, `../audit.contract.ts`).
 */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    describeIntakeContract(open);
    describeApplicationContract(open);
    describeIdempotencyContract(open);
    describeJobContract(open);
    describeJobReplyContract(open);
    describeDeadLetterContract(open);
    describeJobQueueContract(open);
    describeDeliveryContract(open);
    describeCertificateContract(open);
    describePickupContract(open);
    describeStaffSessionContract(open);
    describePrefillChallengeContract(open);
    describeCallbackReceiptContract(open);
    describeReviewContract(open);
    describeAttachmentContract(open);
    describeLifecycleContract(open);
  });
}
