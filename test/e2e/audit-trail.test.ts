import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHashOf } from '../../src/audit/audit-chain.js';
import { checkpointStatement } from '../../src/audit/checkpoint-statement.js';
import { writeDueCheckpoints } from '../../src/audit/checkpoints.js';
import { jstDayOf } from '../../src/audit/jst-day.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { computeFee } from '../../src/intake/fee.js';
import { loadCertificateSigner } from '../../src/issuance/sign/certificate-signer.js';
import type { AuditCheckpoint, AuditEntry } from '../../src/store/types.js';
import { runAuditCli } from '../support/audit-cli.js';
import { paid, residentOfApplicant, signedBy } from '../support/evidence.js';
import { fixtureClock } from '../support/fixture-time.js';
import { validSamples } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { followUntil, startLiveGateway, type LiveGateway } from '../support/live-gateway.js';

const run = promisify(execFile);
const STAFF = { authorization: 'Bearer dev-staff-key' };
const DAY_MS = 24 * 3600_000;

let live: LiveGateway;
let work: string;
let database: string;
let trustAnchor: string;
let personalData: string[];
let day: string;

/** Every string in a value, however deep. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Runs one application to a certificate, revokes it, and signs the day's checkpoint as the next day's run would. */
beforeAll(async () => {
  live = await startLiveGateway();
  work = mkdtempSync(join(tmpdir(), 'kakehashi-e2e-audit-'));
  database = (live.config.store as { path: string }).path;
  trustAnchor = live.config.issuance!.trustAnchorFile;
  const catalog = await loadCatalog('mappings/procedures', { clock: fixtureClock });
  const [, sample] = validSamples('juminhyo-copy').find(([, body]) => (body.issuance as { method: string }).method === 'electronic')!;
  const body = structuredClone(sample);
  (body.form as Record<string, unknown>)['content'] = { householdHead: true, relationship: true, domicile: false, myNumber: 'omit' };
  const fee = computeFee(catalog.get('juminhyo-copy')!.procedure, body.form as Record<string, unknown>).amount;
  if (fee > 0) body.payment = await paid(live.gateway, fee);
  const resident = residentOfApplicant(body);
  personalData = [...stringsOf(body.form), ...stringsOf(resident)].filter((text) => text.length >= 4 && !/^(true|false|self|omit|bank|electronic)$/.test(text));
  const submitted = await fetch(`${live.url}/v1/applications`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `e2e-audit-${Date.now()}` },
    body: JSON.stringify(await signedBy(resident.atenaNumber, body)),
  });
  const { id } = await json(submitted);
  expect(submitted.status).toBe(202);
  expect((await followUntil(live, id, ['issued', 'failed', 'rejected', 'completed'])).status).toBe('issued');
  const status = await json(await fetch(`${live.url}/v1/applications/${id}`, { headers: STAFF }));
  const revoked = await fetch(`${live.url}/v1/certificates/${status.certificates[0].id}/revoke`, {
    method: 'POST',
    headers: { ...STAFF, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'issued in error' }),
  });
  expect(revoked.status).toBe(200);
  day = jstDayOf(fixtureClock());
  const signer = await loadCertificateSigner(live.config.issuance!.signer);
  const written = await writeDueCheckpoints({ store: live.gateway.store, sign: signer.sign, clock: () => new Date(fixtureClock().getTime() + 2 * DAY_MS) });
  expect(written.map((checkpoint) => checkpoint.day)).toEqual([day]);
}, 60_000);

afterAll(async () => {
  await live?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A consistent copy of the gateway's SQLite file, to tamper with. */
function copyOfStore(name: string): string {
  const copy = join(work, `${name}.db`);
  const source = new Database(database, { readonly: true });
  source.exec(`VACUUM INTO '${copy}'`);
  source.close();
  return copy;
}

function tamper(file: string, sql: string): void {
  const db = new Database(file);
  // The triggers refuse changes to entries; someone with the file can drop them, and verify must still tell.
  db.exec('DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;');
  db.exec(sql);
  db.close();
}

const verify = (file: string) => runAuditCli(['verify', '--trust-anchor', trustAnchor], { KAKEHASHI_SQLITE_PATH: file });

describe('the audit trail after a run (SQLite)', { timeout: 90_000 }, () => {
  it('records every delivery and the revocation, with ids, roles and actions only: no personal data', async () => {
    const response = await fetch(`${live.url}/v1/admin/audit?day=${day}`, { headers: STAFF });
    expect(response.status).toBe(200);
    const text = await response.text();
    const { entries, checkpoint } = JSON.parse(text) as { entries: AuditEntry[]; checkpoint: { seq: number } };
    const actions = entries.map((entry) => entry.action);
    expect(actions.filter((action) => action === 'delivery.sent').length).toBeGreaterThanOrEqual(1);
    expect(entries.at(-1)).toMatchObject({ action: 'certificate.revoke', actor: { kind: 'client', id: 'dev-staff', role: 'staff' }, reason: 'issued in error' });
    expect(entries.filter((entry) => entry.action === 'delivery.sent').every((entry) => entry.actor.kind === 'system')).toBe(true);
    expect(checkpoint.seq).toBe(entries.at(-1)!.seq);
    expect(personalData.length).toBeGreaterThan(5);
    for (const value of personalData) expect(text, `the audit trail holds "${value}"`).not.toContain(value);
  });

  it('exports the day as JSON Lines with its checkpoint', async () => {
    const result = await runAuditCli(['export', '--day', day], { KAKEHASHI_SQLITE_PATH: copyOfStore('export') });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; entry?: AuditEntry; checkpoint?: { day: string; seq: number } });
    expect(lines.at(-1)).toMatchObject({ kind: 'checkpoint', checkpoint: { day, seq: lines.at(-2)!.entry!.seq } });
    expect(lines.slice(0, -1).every((line) => line.kind === 'entry' && auditHashOf(line.entry!) === line.entry!.hash)).toBe(true);
  });

  it('signs checkpoints that OpenSSL verifies against the city root, as README says', async () => {
    const [checkpoint] = await live.gateway.store.listAuditCheckpoints();
    writeFileSync(join(work, 'cp.json'), checkpointStatement(checkpoint as AuditCheckpoint));
    writeFileSync(join(work, 'cp.p7s'), Buffer.from(checkpoint!.signature, 'base64'));
    const openssl = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'cp.p7s', '-content', 'cp.json', '-CAfile', trustAnchor, '-purpose', 'any', '-out', '/dev/null',
      '-attime', String(Math.floor(Date.parse(checkpoint!.signedAt) / 1000))];
    await expect(run('openssl', openssl, { cwd: work })).resolves.toBeDefined();
  });

  it('verifies an untouched trail', async () => {
    const result = await verify(copyOfStore('intact'));
    expect(result.stdout).toMatch(/^audit trail intact: \d+ entries, 1 signed checkpoints/);
    expect(result.code).toBe(0);
  });

  it('names the entry that was changed', async () => {
    const file = copyOfStore('changed');
    tamper(file, "UPDATE audit_entries SET actor_id = 'someone-else' WHERE seq = 2");
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^audit trail broken at entry 2: entry 2 was changed/);
  });

  it('names an entry rewritten with a fresh hash, by the hash the next entry kept', async () => {
    const file = copyOfStore('rehashed');
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT * FROM audit_entries WHERE seq = 1').get() as Record<string, string | number>;
    db.close();
    const forged = { seq: 1, at: String(row.at), actor: { kind: 'system' as const, id: 'someone-else', role: 'runner' }, action: String(row.action), target: { type: String(row.target_type), id: String(row.target_id) }, prevHash: String(row.prev_hash) };
    tamper(file, `UPDATE audit_entries SET actor_id = 'someone-else', actor_kind = 'system', actor_role = 'runner', hash = '${auditHashOf(forged)}' WHERE seq = 1`);
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^audit trail broken at entry 1: entry 1 was changed: entry 2 recorded a different hash for it/);
  });

  it('finds a deleted entry, and entries deleted from the end up to the checkpoint', async () => {
    const middle = copyOfStore('deleted');
    tamper(middle, 'DELETE FROM audit_entries WHERE seq = 2');
    const gap = await verify(middle);
    expect(gap.code).toBe(1);
    expect(gap.stdout).toMatch(/^audit trail broken at entry 2: entry 2 is missing/);

    const end = copyOfStore('truncated');
    tamper(end, 'DELETE FROM audit_entries WHERE seq = (SELECT MAX(seq) FROM audit_entries)');
    const truncated = await verify(end);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(new RegExp(`^audit trail broken at entry (\\d+): entry \\1, which ends ${day} by its checkpoint, is missing`));
  });

  it('finds a checkpoint whose signature does not hold', async () => {
    const file = copyOfStore('bad-signature');
    const db = new Database(file);
    // The checkpoint now claims an earlier end of day; its signature was made over the real one.
    db.prepare('UPDATE audit_checkpoints SET seq = 1, hash = (SELECT hash FROM audit_entries WHERE seq = 1)').run();
    db.close();
    const result = await verify(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the checkpoint of ${day} has a bad signature: the signature was made over a different statement`);
  });

  it('says what to set when the store file does not exist', async () => {
    const result = await verify(join(work, 'nope.db'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KAKEHASHI_SQLITE_PATH');
  });
});

