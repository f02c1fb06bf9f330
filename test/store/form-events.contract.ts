import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormEventCount, FormEventKind, FormEventRecord } from '../../src/store/form-event-store.js';
import type { Store } from '../../src/store/types.js';

const DAY = '2026-04-01';
const NEXT_DAY = '2026-04-02';

/** An event of session `session` on procedure `juminhyo-copy`, `seconds` after 09:00 JST on DAY. */
function event(session: string, kind: FormEventKind, pointer: string, seconds = 0, extra: Partial<FormEventRecord> = {}): FormEventRecord {
  return { procedureId: 'juminhyo-copy', session, pointer, event: kind, at: new Date(Date.UTC(2026, 3, 1, 0, 0, seconds)).toISOString(), day: DAY, code: '', ...extra };
}

function count(counts: FormEventCount[], metric: FormEventCount['metric'], pointer = '', code = '', day = DAY): number {
  return counts.find((c) => c.day === day && c.metric === metric && c.pointer === pointer && c.code === code)?.count ?? 0;
}

/** The form-event part of the Store contract: every implementation runs it unchanged. */
export function describeFormEventStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract, form events: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(() => cleanup());

    const counts = () => store.listFormEventCounts('juminhyo-copy', DAY, NEXT_DAY);

    it('counts a session once however often the same batch arrives', async () => {
      const batch = [
        event('s1', 'view', ''),
        event('s1', 'focus', '/applicant/name', 5),
        event('s1', 'focus', '/applicant/name', 6),
        event('s1', 'focus', '/request/copies', 9),
        event('s1', 'error', '/request/copies', 10, { code: 'out-of-range' }),
        event('s1', 'error', '/request/copies', 11, { code: 'out-of-range' }),
        event('s1', 'leave', '/request/copies', 12),
      ];
      await store.recordFormEvents(batch);
      await store.recordFormEvents(batch);
      await store.recordFormEvents([event('s2', 'focus', '/applicant/name', 30)]);
      const result = await counts();
      expect(count(result, 'started')).toBe(2);
      expect(count(result, 'reached', '/applicant/name')).toBe(2);
      expect(count(result, 'reached', '/request/copies')).toBe(1);
      expect(count(result, 'errored', '/request/copies', 'out-of-range')).toBe(1);
      expect(count(result, 'left', '/request/copies')).toBe(1);
      expect(count(result, 'submitted')).toBe(0);
    });

    it('moves a session\'s leave to the field it last left at, takes it back on submit, and buckets the time to submit', async () => {
      await store.recordFormEvents([event('s1', 'view', ''), event('s1', 'leave', '/applicant/name', 20)]);
      await store.recordFormEvents([event('s1', 'leave', '/request/copies', 40)]);
      expect(count(await counts(), 'left', '/applicant/name')).toBe(0);
      expect(count(await counts(), 'left', '/request/copies')).toBe(1);
      await store.recordFormEvents([event('s1', 'submit', '', 100)]);
      const result = await counts();
      expect(count(result, 'left', '/request/copies')).toBe(0);
      expect(count(result, 'submitted')).toBe(1);
      expect(count(result, 'submit-time', '', '120')).toBe(1);
      expect(result.every((c) => c.count !== 0)).toBe(true);
    });

    it('ignores what a session does after it submitted', async () => {
      await store.recordFormEvents([event('s1', 'view', ''), event('s1', 'submit', '', 50), event('s1', 'submit', '', 60), event('s1', 'focus', '/applicant/name', 70), event('s1', 'leave', '/applicant/name', 80)]);
      const result = await counts();
      expect(count(result, 'submitted')).toBe(1);
      expect(count(result, 'submit-time', '', '60')).toBe(1);
      expect(count(result, 'reached', '/applicant/name')).toBe(0);
      expect(count(result, 'left', '/applicant/name')).toBe(0);
    });

    it('counts everything of a session on the day it started, and lists only the days and procedure asked for', async () => {
      await store.recordFormEvents([event('late', 'view', '', 0, { day: DAY })]);
      await store.recordFormEvents([event('late', 'submit', '', 7200, { day: NEXT_DAY }), event('next', 'view', '', 7300, { day: NEXT_DAY })]);
      await store.recordFormEvents([event('other', 'view', '', 0, { procedureId: 'moving-out' })]);
      const result = await counts();
      expect(count(result, 'submitted', '', '', DAY)).toBe(1);
      expect(count(result, 'submitted', '', '', NEXT_DAY)).toBe(0);
      expect(count(result, 'started', '', '', NEXT_DAY)).toBe(1);
      expect(result.map((c) => [c.day, c.metric])).toEqual([
        [DAY, 'started'],
        [DAY, 'submit-time'],
        [DAY, 'submitted'],
        [NEXT_DAY, 'started'],
      ]);
      expect(await store.listFormEventCounts('juminhyo-copy', NEXT_DAY, NEXT_DAY)).toEqual([{ day: NEXT_DAY, metric: 'started', pointer: '', code: '', count: 1 }]);
      expect(await store.listFormEventCounts('moving-out', DAY, DAY)).toEqual([{ day: DAY, metric: 'started', pointer: '', code: '', count: 1 }]);
    });

    it('keeps the counts when sessions are purged', async () => {
      await store.recordFormEvents([event('s1', 'view', ''), event('s1', 'focus', '/applicant/name', 1)]);
      const before = await counts();
      expect(await store.purgeFormEventSessions(new Date(Date.UTC(2026, 3, 5)).toISOString())).toBeGreaterThanOrEqual(0);
      expect(await counts()).toEqual(before);
    });
  });
}
