import { UpstreamError } from '../errors.js';
import { messageIdOf, type StepContext } from './step-context.js';
import type { StepOutcome } from './step-outcome.js';
import type { StepInput } from './step-types.js';

/** An `issue-certificate` or `convenience-store` step: the built-in registered under the action's name. */
export async function runBuiltinStep(context: StepContext, input: StepInput): Promise<StepOutcome> {
  const { step, application } = input;
  const builtin = context.builtins.get(step.action);
  if (!builtin) throw new UpstreamError(step.action, false, 'step-not-available', `${step.action} is not available.`);
  const outcome = await builtin({ ...input, messageId: messageIdOf(application.id, step.name) });
  if (outcome.status === 'rejected') {
    // refused on its merits (e.g. a certificate that cannot be issued): the route ends here
    return { kind: 'rejected', change: { status: 'rejected', source: step.action, detail: outcome.detail ?? `${step.action} refused the application` } };
  }
  return {
    kind: 'next',
    result: outcome.result,
    ...(outcome.status ? { change: { status: outcome.status, source: step.action, detail: outcome.detail ?? `${step.action} done` } } : {}),
  };
}
