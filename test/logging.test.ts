import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { FRONTEND, startTestGateway, submit, type TestGateway } from './support/gateway.js';
import { validSample } from './support/fixtures.js';
import { json } from './support/json.js';

function collect(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  return {
    lines,
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    }),
  };
}

/** Every string leaf of a value: what must not appear in a log. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

describe('personal data stays out of the log', () => {
  it('redacts forms, records, identity, tokens, names, addresses, birth dates and 個人番号 wherever they are logged', () => {
    const { lines, destination } = collect();
    const logger = createLogger({ destination });
    logger.info({
      form: { applicant: { name: '髙橋 一郎' } },
      record: { myNumber: '123456789018' },
      resident: { address: '大阪府大阪市北区中之島1丁目3番20号' },
      step: { name: '山﨑 花子', birthDate: '1989-01-07', kana: 'ヤマザキ', address: '大阪市', myNumber: '123456789018', signature: 'MIIB', accessToken: 'kat_x' },
      req: { headers: { authorization: 'Bearer dev-frontend-key', 'x-access-token': 'kat_secret' } },
    });
    const text = lines.join('');
    for (const secret of ['髙橋', '123456789018', '中之島', '山﨑', '1989-01-07', 'ヤマザキ', 'MIIB', 'kat_x', 'dev-frontend-key', 'kat_secret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  describe('through the gateway', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway.dispose());

    it('logs requests and recorded applications without a single value of the form, the token or the key', async () => {
      const sample = validSample('business-support-grant');
      const accepted = await json(await submit(gateway, sample));
      const broken = validSample('business-support-grant');
      ((broken.form as Record<string, unknown>)['claim'] as Record<string, unknown>)['amount'] = 'not a number';
      await submit(gateway, broken);
      await gateway.app.request(accepted.statusUrl, { headers: { 'x-access-token': accepted.accessToken } });
      await gateway.app.request(accepted.statusUrl, { headers: FRONTEND });

      const text = gateway.logLines().join('\n');
      const recordedLine = gateway.logLines().map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['applicationId'] === accepted.id);
      expect(recordedLine).toMatchObject({ msg: 'request', method: 'POST', path: '/v1/applications', status: 202, procedureId: 'business-support-grant' });
      const secrets = [...leaves(sample.form), accepted.accessToken, 'dev-frontend-key'];
      for (const secret of secrets) expect(text, `log contains ${JSON.stringify(secret)}`).not.toContain(secret);
    });

    it('writes one line per request, with its request id, and says when a submission was a replay', async () => {
      const sample = validSample('business-support-grant');
      const key = `one-line-${Date.now()}`;
      const first = await submit(gateway, sample, { 'idempotency-key': key, 'x-request-id': `first-${key}` });
      const replay = await submit(gateway, sample, { 'idempotency-key': key, 'x-request-id': `replay-${key}` });
      expect([first.status, replay.status]).toEqual([202, 202]);

      const linesOf = (requestId: string) => gateway.logLines().filter((line) => line.includes(requestId)).map((line) => JSON.parse(line) as Record<string, unknown>);
      const firstLines = linesOf(`first-${key}`);
      expect(firstLines).toHaveLength(1);
      expect(firstLines[0]).toMatchObject({ requestId: `first-${key}`, status: 202, client: 'dev-frontend', applicationId: (await json(first)).id });
      const replayLines = linesOf(`replay-${key}`);
      expect(replayLines).toHaveLength(1);
      expect(replayLines[0]).toMatchObject({ status: 202, replayed: true });
      expect(replayLines[0]).not.toHaveProperty('applicationId');
    });
  });
});
