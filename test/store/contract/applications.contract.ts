import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { at, newApplication, newJob } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Applications after intake: the timeline, merged updates, copies and round trips. */
export function describeApplicationContract(open: OpenStore): void {
  describe('applications', () => {
    const store = freshStorePerTest(open);

    it('appends timeline entries in order and moves the status with them', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().appendTimeline('app-1', { status: 'in-progress', at: at(5), source: 'runner', detail: 'sent to registry' });
      await store().appendTimeline('app-1', { status: 'awaiting-reply', at: at(6), source: 'runner', detail: 'waiting' });
      await store().appendTimeline('app-1', { status: 'in-progress', at: at(7), source: 'resident-registry', detail: 'reply' });
      expect((await store().getTimeline('app-1')).map((entry) => entry.status)).toEqual(['received', 'in-progress', 'awaiting-reply', 'in-progress']);
      const application = await store().getApplication('app-1');
      expect(application?.status).toBe('in-progress');
      expect(application?.updatedAt).toBe(at(7));
    });

    it('refuses a timeline entry for an unknown application', async () => {
      const error = await store()
        .appendTimeline('nope', { status: 'failed', at: at(1), source: 'runner', detail: 'x' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(await store().getTimeline('nope')).toEqual([]);
    });

    it('merges identity, payment and issuance patches, clears with null, and leaves absent fields', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().updateApplication('app-1', { identity: { residentCode: '123' }, payment: { paymentId: 'p-1' } }, at(9));
      let application = await store().getApplication('app-1');
      expect(application?.identity).toEqual({ serial: '01AB', signingTime: at(0), residentCode: '123' });
      expect(application?.payment).toEqual({ paymentId: 'p-1' });
      expect(application?.issuance).toEqual({ method: 'electronic' });
      expect(application?.updatedAt).toBe(at(9));

      await store().updateApplication('app-1', { identity: { serial: '02CD' }, issuance: null }, at(10));
      application = await store().getApplication('app-1');
      expect(application?.identity).toEqual({ serial: '02CD', signingTime: at(0), residentCode: '123' });
      expect(application?.issuance).toBeNull();
      expect(application?.payment).toEqual({ paymentId: 'p-1' });
    });

    it('keeps every merge of concurrent updates to one application', async () => {
      await store().createApplication(newApplication('app-1'));
      await Promise.all(Array.from({ length: 20 }, (_, i) => store().updateApplication('app-1', { identity: { [`k${i}`]: i } }, at(i))));
      const identity = (await store().getApplication('app-1'))?.identity ?? {};
      for (let i = 0; i < 20; i++) expect(identity[`k${i}`]).toBe(i);
    });

    it('refuses to update an unknown application', async () => {
      await expect(store().updateApplication('nope', { identity: {} }, at(1))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('returns copies: changing a returned record changes nothing stored', async () => {
      await store().createApplication(newApplication('app-1'));
      const application = await store().getApplication('app-1');
      if (!application) throw new Error('missing');
      (application.form as { copies: number }).copies = 99;
      (application.form.name as { family: string }).family = 'changed';
      application.status = 'failed';
      const timeline = await store().getTimeline('app-1');
      timeline.push({ status: 'failed', at: at(1), source: 'x', detail: 'x' });
      const again = await store().getApplication('app-1');
      expect(again?.form).toEqual({ copies: 1, purpose: '年金の手続', name: { family: '山田', given: '太郎' } });
      expect(again?.status).toBe('received');
      expect(await store().getTimeline('app-1')).toHaveLength(1);
    });

    it('does not keep a reference to the input it was given', async () => {
      const input = newApplication('app-1');
      await store().createApplication(input);
      (input.application.form as { copies: number }).copies = 42;
      expect((await store().getApplication('app-1'))?.form.copies).toBe(1);
    });

    it('round-trips hostile form data byte-exact: __proto__ keys, 𠮷, IVS sequences, lone surrogates, control characters', async () => {
      const formJson =
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"name":"𠮷野家 葛\u{E0100}城 辻\u{E0101}",' +
        '"kana":"ﾔﾏﾀﾞ ﾀﾛｳ","wave":"〜～","quote":"\\"\\\\\\n\\u0000\\u2028","lone":"\\ud842","emoji":"👨‍👩‍👧",' +
        '"nested":{"__proto__":[1,{"__proto__":null}]},"big":12345678901234567890,"float":0.1,"neg":-0,"empty":{},"list":[]}';
      const form = JSON.parse(formJson) as Record<string, unknown>;
      const input = newApplication('app-1');
      input.application.form = form;
      await store().createApplication(input);

      const stored = await store().getApplication('app-1');
      expect(JSON.stringify(stored?.form)).toBe(JSON.stringify(form));
      expect(Buffer.from(JSON.stringify(stored?.form), 'utf8').equals(Buffer.from(JSON.stringify(form), 'utf8'))).toBe(true);
      expect(Object.getPrototypeOf(stored?.form)).toBe(Object.prototype);
      expect(Object.hasOwn(stored?.form ?? {}, '__proto__')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(stored?.form.empty).toEqual({});
      expect(stored?.form.list).toEqual([]);
    });

    it('round-trips a large form and deep nesting', async () => {
      let deep: unknown = { leaf: '𠮷' };
      for (let i = 0; i < 200; i++) deep = { level: i, child: deep };
      const form: Record<string, unknown> = { deep, note: '住所'.repeat(250_000) };
      for (let i = 0; i < 5_000; i++) form[`field-${i}`] = `値${i}`;
      const input = newApplication('app-1');
      input.application.form = form;
      await store().createApplication(input);
      expect(JSON.stringify((await store().getApplication('app-1'))?.form)).toBe(JSON.stringify(form));
    });

    it('keeps ids and claim keys with separators and unusual characters apart', async () => {
      const ids = ['a:b', 'a', 'b', 'a\u0001b', '𠮷:1', '__proto__'];
      await Promise.all(ids.map((id, i) => store().createApplication(newApplication(id, { job: newJob(`job-${i}`, id), claims: [{ kind: 'k:x', key: id }] }))));
      for (const id of ids) expect((await store().getApplication(id))?.id).toBe(id);
      await store().createApplication(newApplication('other', { claims: [{ kind: 'k', key: 'x:a:b' }] }));
    });
  });
}
