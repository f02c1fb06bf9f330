import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor, AuditEvent, DeadLetterRequest, Store } from '../../src/store/types.js';
import { openTwoStoresOnOneSchema, testPostgresDatabase } from '../support/postgres.js';
import { at, newApplication } from './store-fixtures.js';

const database = testPostgresDatabase();

const FIRST: AuditActor = { kind: 'client', id: 'ops-console', role: 'staff' };
const SECOND: AuditActor = { kind: 'client', id: 'ops-second', role: 'staff' };
const THIRD: AuditActor = { kind: 'client', id: 'ops-third', role: 'staff' };

function event(actor: AuditActor, action: string, jobId: string, seconds: number): AuditEvent {
  return { at: at(seconds), actor, action, target: { type: 'dead-letter', id: jobId } };
}

/** Two stores on one schema, as two gateway processes sharing one database have them. */
describe('PostgreSQL dead letters, two processes on one database', () => {
  let first: Store;
  let second: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => ({ first, second, cleanup } = await openTwoStoresOnOneSchema(database)));

  afterEach(() => cleanup());

  async function deadJobs(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      await first.createApplication(newApplication(`app-${i}`));
      const [job] = await first.claimJobs('runner-1', at(1), at(60), 1);
      await first.deadLetter(job!.id, 'runner-1', at(2), 'refused');
      ids.push(job!.id);
    }
    return ids;
  }

  it('moves each dead letter once when one process replays it as the other discards it, with one audit entry each', async () => {
    const ids = await deadJobs(10);
    const results = await Promise.all(
      ids.map((id) =>
        Promise.all([
          first.replayDeadLetter(id, at(5), event(FIRST, 'dead-letter.replay', id, 5)),
          second.discardDeadLetter(id, at(5), 'duplicate', event(SECOND, 'dead-letter.discard', id, 5)),
        ]),
      ),
    );
    for (const pair of results) expect(pair.filter(Boolean)).toHaveLength(1);
    expect(await first.listAudit(0, 100)).toHaveLength(10);
  });

  it('stores one request per dead letter and carries it out once, whichever process approves', async () => {
    const ids = await deadJobs(10);
    const request = (jobId: string, by: AuditActor): DeadLetterRequest => ({ jobId, action: 'replay', reason: null, requestedBy: by, requestedAt: at(5) });

    const requested = await Promise.all(
      ids.map((id) =>
        Promise.all([
          first.requestDeadLetterAction(request(id, FIRST), event(FIRST, 'dead-letter.replay-requested', id, 5)),
          second.requestDeadLetterAction(request(id, SECOND), event(SECOND, 'dead-letter.replay-requested', id, 5)),
        ]),
      ),
    );
    for (const pair of requested) expect([...pair].sort()).toEqual(['already-requested', 'requested']);

    const stored = await Promise.all(ids.map(async (id) => (await second.getDeadLetterRequest(id))!));
    const approvals = await Promise.all(
      stored.map((seen) =>
        Promise.all([
          first.approveDeadLetterAction(seen, THIRD, at(6), event(THIRD, 'dead-letter.replay', seen.jobId, 6)),
          second.approveDeadLetterAction(seen, THIRD, at(6), event(THIRD, 'dead-letter.replay', seen.jobId, 6)),
        ]),
      ),
    );
    for (const pair of approvals) expect([...pair].sort()).toEqual(['approved', 'no-request']);
    for (const id of ids) expect(await first.getJob(id)).toMatchObject({ state: 'ready', attempts: 0, runAt: at(6) });
    const trail = await first.listAudit(0, 100);
    expect(trail.filter((entry) => entry.action === 'dead-letter.replay-requested')).toHaveLength(10);
    expect(trail.filter((entry) => entry.action === 'dead-letter.replay')).toHaveLength(10);
  });
});
