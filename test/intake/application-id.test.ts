import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeOrderedIds } from '../../src/intake/application-id.js';
import { validSample } from '../support/fixtures.js';
import { startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix milliseconds in the first 48 bits of a UUIDv7. */
const millisecondsOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('time-ordered application ids (UUIDv7)', () => {
  it('carries the time it was made, and the version and variant of RFC 9562', () => {
    const at = Date.UTC(2026, 11, 3, 9, 30, 15, 123);
    const id = new TimeOrderedIds().next(at);
    expect(id).toMatch(UUID_V7);
    expect(millisecondsOf(id)).toBe(at);
  });

  it('sorts ids in the order they were made, also 5,000 in one millisecond and after the clock stepped back', () => {
    const ids = new TimeOrderedIds();
    const at = Date.UTC(2026, 11, 3);
    const made = [
      ...Array.from({ length: 5000 }, () => ids.next(at)),
      ids.next(at + 1),
      ids.next(at - 60_000),
      ids.next(at + 2),
    ];
    for (const id of made) expect(id).toMatch(UUID_V7);
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });

  it('differs in its random bits between two generators in the same millisecond', () => {
    const at = Date.now();
    const first = new TimeOrderedIds().next(at);
    const second = new TimeOrderedIds().next(at);
    expect(first.slice(19)).not.toBe(second.slice(19));
  });

  describe('through POST /v1/applications', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway.dispose());

    it('gives each application a UUIDv7 id that sorts after the ids of earlier applications', async () => {
      const before = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await json(await submit(gateway, validSample('business-support-grant')))).id as string);
      for (const id of ids) expect(id).toMatch(UUID_V7);
      expect([...ids].sort()).toEqual(ids);
      expect(millisecondsOf(ids[0]!)).toBeGreaterThanOrEqual(before);
      expect(millisecondsOf(ids[2]!)).toBeLessThanOrEqual(Date.now() + 1);
    });
  });
});
