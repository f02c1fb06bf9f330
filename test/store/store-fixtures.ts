import type { NewApplication, NewJob, TimelineEntry } from '../../src/store/types.js';

const EPOCH = Date.UTC(2026, 3, 1, 0, 0, 0);

/** An ISO time `seconds` after a fixed epoch: tests control the clock. */
export function at(seconds: number): string {
  return new Date(EPOCH + seconds * 1000).toISOString();
}

/** A valid application with one timeline entry and a first job; override what a test is about. */
export function newApplication(id: string, overrides: Partial<NewApplication> = {}): NewApplication {
  const createdAt = at(0);
  const timeline: TimelineEntry[] = [{ status: 'received', at: createdAt, source: 'intake', detail: 'application received' }];
  return {
    application: {
      id,
      procedureId: 'juminhyo-copy',
      clientId: 'frontend-a',
      status: 'received',
      form: { copies: 1, purpose: '年金の手続', name: { family: '山田', given: '太郎' } },
      identity: { serial: '01AB', signingTime: createdAt },
      payment: null,
      issuance: { method: 'electronic' },
      accessTokenHash: 'a'.repeat(64),
      createdAt,
      updatedAt: createdAt,
    },
    timeline,
    job: newJob(`${id}-job-0`, id),
    claims: [{ kind: 'signature', key: `digest-${id}` }],
    ...overrides,
  };
}

/** A job for `applicationId`, ready at `runAt`. */
export function newJob(id: string, applicationId: string, overrides: Partial<NewJob> = {}): NewJob {
  return { id, applicationId, step: 0, name: 'lookup-resident', payload: { attempt: 'first' }, runAt: at(0), ...overrides };
}
