import type { RouteStep } from '../catalog/procedure.js';
import { ConfigurationError } from '../errors.js';
import type { JobRecord } from '../store/types.js';
import { isoDurationMs } from '../time/iso-duration.js';
import { messageIdOf, type StepContext } from './step-context.js';
import type { DeliveryRef, StepOutcome } from './step-outcome.js';
import type { StepInput, StepReply } from './step-types.js';

/** Kept in a waiting job's payload: what it waits for and until when. */
export interface WaitingState {
  correlationKey: string;
  deadline: string;
  /** The only system whose reply may resume the job (the store compares it); absent on jobs parked before it was recorded. */
  system?: string;
}

/** Longest rejection reason kept in the timeline; systems' reasons are short codes or sentences. */
const REASON_CHARS = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An `await-reply` step. First run: parks the job on the correlation key the
 * previous `send` step got, until now + the step's deadline. Resumed with a
 * reply: `rejected` ends the route, `accepted` keeps waiting (same deadline),
 * anything else is the step's result; a reply from another system than the
 * step's is dropped and the step keeps waiting. Claimed at its deadline without a reply:
 * the deadline is missed. A replayed dead letter waits again with a new deadline.
 */
export function runAwaitReplyStep(context: StepContext, job: JobRecord, input: StepInput): StepOutcome {
  const { application, procedure, step, results } = input;
  const system = step.system!;
  const previous: RouteStep | undefined = procedure.route[job.step - 1];
  const delivery: DeliveryRef | undefined = previous?.system ? { system: previous.system, messageId: messageIdOf(application.id, previous.name) } : undefined;
  const waiting = isRecord(job.payload.waiting) ? (job.payload.waiting as unknown as WaitingState) : undefined;
  const reply = isRecord(job.payload.reply) ? (job.payload.reply as StepReply) : undefined;

  if (reply && waiting && reply.source !== undefined && reply.source !== system) {
    // Only the system the step waits on may answer it: another system's valid signature is not enough.
    return { kind: 'wait', ...waiting, system };
  }
  if (reply) {
    if (reply.outcome === 'accepted' && waiting) {
      return {
        kind: 'wait',
        ...waiting,
        system,
        change: { status: 'awaiting-reply', source: system, detail: `accepted by ${system}; waiting for its result` },
        ...(delivery ? { delivery: { ...delivery, state: 'acknowledged' as const } } : {}),
      };
    }
    if (reply.outcome === 'rejected') {
      const reason = typeof reply.reason === 'string' && reply.reason.trim() !== '' ? reply.reason.trim().slice(0, REASON_CHARS) : 'no reason given';
      return { kind: 'rejected', change: { status: 'rejected', source: system, detail: `rejected by ${system}: ${reason}` }, ...(delivery ? { delivery } : {}) };
    }
    return {
      kind: 'next',
      result: reply,
      change: { status: 'in-progress', source: system, detail: `reply from ${system}` },
      ...(delivery ? { delivery: { ...delivery, state: 'acknowledged' as const } } : {}),
    };
  }

  const now = context.clock();
  // A job parked by waitJob comes back with runAt = its deadline; a replayed one comes back earlier.
  if (waiting && job.runAt === waiting.deadline && now.toISOString() >= waiting.deadline) {
    return { kind: 'deadline-missed', system, reason: `no reply from ${system} before ${waiting.deadline}`, ...(delivery ? { delivery } : {}) };
  }

  const earlier = previous ? results[previous.name] : undefined;
  const correlationKey = waiting?.correlationKey ?? (isRecord(earlier) && typeof earlier.correlationKey === 'string' ? earlier.correlationKey : undefined);
  if (correlationKey === undefined) {
    if (isRecord(earlier)) return { kind: 'next', result: earlier };
    throw new ConfigurationError(`step '${step.name}' has no earlier send step to wait for`, { file: `mappings/procedures/${procedure.id}.yaml` });
  }
  const deadline = new Date(now.getTime() + isoDurationMs(step.deadline ?? '')).toISOString();
  return {
    kind: 'wait',
    correlationKey,
    deadline,
    system,
    change: { status: 'awaiting-reply', source: 'runner', detail: `waiting for a reply from ${system} until ${deadline}` },
  };
}
