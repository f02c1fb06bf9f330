import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/reviews/actor.js';
import { ReviewDesk } from '../../src/reviews/review-desk.js';
import { RouteRunner } from '../../src/runner/route-runner.js';
import type { Store } from '../../src/store/types.js';
import { catalogOf, ManualClock, procedureWith, runnerOptions, seedApplication, temporaryStore } from '../support/runner-harness.js';

const GRANT = procedureWith('grant', [{ name: 'office-review', action: 'review', ward: { fixed: '271276' }, approvals: 1, deadline: 'P5D' }]);
const APPROVER: Actor = { kind: 'staff', id: 'approver-1', role: 'approver', wards: ['271276'] };

let store: Store;
let dispose: () => Promise<void>;
let clock: ManualClock;

beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  clock = new ManualClock();
});
afterEach(() => dispose());

function deskOn(target: Store, runner?: RouteRunner): ReviewDesk {
  return new ReviewDesk({ store: target, clock: clock.now, wake: () => runner?.wake(), deadlineOf: () => 'P5D' });
}

describe('the review step', () => {
  it('opens the review and parks the job until a decision, then goes on', async () => {
    await seedApplication(store, 'app-1', GRANT, clock.now());
    const runner = new RouteRunner(runnerOptions(store, catalogOf(GRANT), [], clock));
    expect(await runner.runOnce()).toBe(1);
    expect((await store.getApplication('app-1'))?.status).toBe('under-review');
    expect((await store.listJobs('app-1'))[0]).toMatchObject({ state: 'waiting', correlationKey: 'review:app-1' });
    expect(await runner.runOnce()).toBe(0);

    await deskOn(store, runner).approve(APPROVER, 'app-1');
    expect(await runner.runOnce()).toBe(1);
    expect((await store.getApplication('app-1'))?.status).toBe('completed');
  });

  it('never loses a decision taken while the step runs: it wakes itself after parking', async () => {
    await seedApplication(store, 'app-2', GRANT, clock.now());
    const runner = new RouteRunner(runnerOptions(store, catalogOf(GRANT), [], clock));
    await runner.runOnce();
    await deskOn(store).claim(APPROVER, 'app-2');
    clock.advance(1000);
    // the decision lands after the step read the review and before its job is parked: the desk's wake-up finds no waiting job
    let decided = false;
    const racing = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'waitJob') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<Store['waitJob']>) => {
          if (!decided) {
            decided = true;
            await deskOn(target).approve(APPROVER, 'app-2');
          }
          return target.waitJob(...args);
        };
      },
    });
    await store.resumeWaiting('review:app-2', 'review', {}, clock.now().toISOString());
    const racingRunner = new RouteRunner(runnerOptions(racing, catalogOf(GRANT), [], clock));
    expect(await racingRunner.runOnce()).toBe(1);
    expect(decided).toBe(true);
    expect(await racingRunner.runOnce()).toBe(1);
    expect((await store.getApplication('app-2'))?.status).toBe('completed');
  });

  it('escalates an undecided review once its deadline passes, and only once', async () => {
    await seedApplication(store, 'app-3', GRANT, clock.now());
    const escalated: string[] = [];
    const runner = new RouteRunner(runnerOptions(store, catalogOf(GRANT), [], clock, { onReviewEscalated: (procedureId) => escalated.push(procedureId) }));
    await runner.runOnce();
    clock.advance(5 * 24 * 3600_000 - 1000);
    expect(await runner.runOnce()).toBe(0);
    clock.advance(2000);
    expect(await runner.runOnce()).toBe(1);
    expect(escalated).toEqual(['grant']);
    expect((await store.getReview('app-3'))?.overdue).toBe(true);
    clock.advance(30 * 24 * 3600_000);
    expect(await runner.runOnce()).toBe(0);
    expect(escalated).toEqual(['grant']);
    expect((await store.getTimeline('app-3')).filter((entry) => entry.detail.includes('escalated'))).toHaveLength(1);
  });
});
