import type { JobRecord } from '../store/types.js';
import { runAwaitReplyStep } from './await-reply-step.js';
import { runBuiltinStep } from './builtin-step.js';
import { runDeliverStep } from './deliver-step.js';
import { runReviewStep } from './review-step.js';
import type { JobScope, StepContext } from './step-context.js';
import type { StepOutcome } from './step-outcome.js';
import type { StepInput } from './step-types.js';

/** Runs one step by its action. Throws for failures; the caller decides between retry and dead letter. */
export async function executeStep(context: StepContext, job: JobRecord, input: StepInput, scope: JobScope): Promise<StepOutcome> {
  switch (input.step.action) {
    case 'request':
    case 'send':
      return runDeliverStep(context, job, input, scope);
    case 'await-reply':
      return runAwaitReplyStep(context, job, input);
    case 'issue-certificate':
    case 'convenience-store':
      return runBuiltinStep(context, input);
    case 'review':
      return runReviewStep(context, input);
  }
}
