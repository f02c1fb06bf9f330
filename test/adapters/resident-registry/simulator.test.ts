import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/codecs/xml.js';
import { createResidentRegistryAdapter } from '../../../adapters/resident-registry/index.js';
import { startResidentRegistrySimulator, type ResidentRegistrySimulator } from '../../../adapters/resident-registry/simulator/index.js';
import { resident } from './helpers.js';

let simulator: ResidentRegistrySimulator;

beforeAll(async () => {
  simulator = await startResidentRegistrySimulator({});
});

afterAll(async () => {
  await simulator.close();
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml; charset=UTF-8', 'x-message-id': 'raw-1', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), code: (parseXml(text) as { error?: { code: string } }).error?.code };
}

const SEARCH = '/jukiapi/v1/residents/search';

describe('simulator refuses hostile requests like the real interface', () => {
  it('refuses a DOCTYPE with entities (billion laughs, XXE) with 400 and an XML error', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><residentSearchRequest><byCertificate><signingSerial>&x;</signingSerial></byCertificate></residentSearchRequest>';
    expect(await post(SEARCH, xxe)).toEqual({ status: 400, contentType: 'application/xml; charset=UTF-8', code: 'BAD_REQUEST_DOCUMENT' });
  });

  it('refuses deep nesting, __proto__ elements and malformed XML with 400', async () => {
    const deep = `<residentSearchRequest>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</residentSearchRequest>`;
    expect((await post(SEARCH, deep)).code).toBe('BAD_REQUEST_DOCUMENT');
    expect((await post(SEARCH, '<residentSearchRequest><__proto__><polluted>1</polluted></__proto__></residentSearchRequest>')).code).toBe('BAD_REQUEST_DOCUMENT');
    expect((await post(SEARCH, '<residentSearchRequest><byCertificate>')).status).toBe(400);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a search with both or neither criteria', async () => {
    const serial = resident('1034004400').jpki!.signingSerial;
    const both = `<residentSearchRequest><byCertificate><signingSerial>${serial}</signingSerial></byCertificate><byFacts><name>x</name><birthDate eraCode="3">昭和64年1月7日</birthDate><gender>1</gender><address>x</address></byFacts></residentSearchRequest>`;
    expect((await post(SEARCH, both)).status).toBe(400);
    expect((await post(SEARCH, '<residentSearchRequest/>')).status).toBe(400);
  });

  it('refuses a birth date whose era name contradicts its era code', async () => {
    const facts = '<residentSearchRequest><byFacts><name>髙橋一郎</name><birthDate eraCode="4">昭和64年1月7日</birthDate><gender>1</gender><address>x</address></byFacts></residentSearchRequest>';
    expect((await post(SEARCH, facts)).status).toBe(400);
  });

  it('refuses bodies over the limit with 413, other media types with 415, bad UTF-8 with 400', async () => {
    expect((await post(SEARCH, `<residentSearchRequest>${'x'.repeat(300 * 1024)}</residentSearchRequest>`)).status).toBe(413);
    expect((await post(SEARCH, '{"byCertificate":{}}', { 'content-type': 'application/json' })).status).toBe(415);
    const response = await fetch(`${simulator.url}${SEARCH}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array([0x3c, 0x61, 0xff, 0x3e]) });
    expect(response.status).toBe(400);
  });

  it('requires X-Message-Id on notifications', async () => {
    const body = '<movingOutNotice><atenaNumber>1036003827</atenaNumber><plannedDate>2026-04-20</plannedDate><notifiedOn>2026-04-01</notifiedOn><destination><address>東京都</address></destination></movingOutNotice>';
    expect((await post('/jukiapi/v1/notifications/moving-out', body, { 'x-message-id': '' })).code).toBe('MISSING_MESSAGE_ID');
  });

  it('answers unknown endpoints with 404 and wrong methods with 405, in XML', async () => {
    expect((await post('/jukiapi/v1/residents', '<a/>')).code).toBe('NO_SUCH_ENDPOINT');
    const response = await fetch(`${simulator.url}${SEARCH}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

it('adapter log lines carry codes and message ids, never personal data', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const adapter = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, myNumberPermitted: true });
  const head = resident('1034004400');
  const ctx = { signal: new AbortController().signal, log, now: () => new Date() };
  await adapter.findByFacts({ name: head.name, birthDate: head.birthDate.iso!, gender: '1', address: head.address }, ctx, { includeMyNumber: true, messageId: 'log-check-1' });
  simulator.faults.inject({ kind: 'status', status: 500 });
  await adapter.findByCertificateSerial(head.jpki!.signingSerial, ctx).catch(() => undefined);
  const output = lines.join('');
  expect(output).toContain('log-check-1');
  expect(output).toContain('resident-registry-unavailable');
  for (const secret of [head.name, '髙橋', head.address, head.myNumber, head.juminhyoCode, '昭和64年', '1989-01-07']) {
    expect(output).not.toContain(secret);
  }
});
