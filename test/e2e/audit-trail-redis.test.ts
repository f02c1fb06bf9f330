import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDueCheckpoints } from '../../src/audit/checkpoints.js';
import type { IssuanceConfig } from '../../src/issuance/issuance-config.js';
import { loadCertificateSigner } from '../../src/issuance/sign/certificate-signer.js';
import { createRedisStore } from '../../src/store/redis/index.js';
import type { AuditEntry, Store } from '../../src/store/types.js';
import { newApplication } from '../store/store-fixtures.js';
import { runAuditCli } from '../support/audit-cli.js';
import { fixturePkiSettings } from '../support/evidence.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';

const PREFIX = `kakehashi-test:${randomUUID()}:`;
const DAY_START = Date.parse('2026-12-01T00:00:00+09:00');
const at = (minutes: number) => new Date(DAY_START + minutes * 60_000).toISOString();
const STAFF = { kind: 'client', id: 'dev-staff', role: 'staff' } as const;

let store: Store;
let redis: Redis;
let work: string;
let configFile: string;

/** Audited operations through the Redis store, then the day's checkpoint signed the day after. */
beforeAll(async () => {
  store = createRedisStore({ redis: await connectTestRedis(), prefix: PREFIX });
  redis = await connectTestRedis();
  work = mkdtempSync(join(tmpdir(), 'kakehashi-e2e-audit-redis-'));
  const issuance = fixturePkiSettings().issuance as IssuanceConfig;
  configFile = join(work, 'kakehashi.yaml');
  writeFileSync(configFile, JSON.stringify({ store: { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: PREFIX }, issuance }));

  await store.createApplication(newApplication('app-1'));
  const [job] = await store.claimJobs('runner-1', at(1), at(60), 1);
  await store.deadLetter(job!.id, 'runner-1', at(2), 'gave up');
  await store.replayDeadLetter(job!.id, at(3), { at: at(3), actor: STAFF, action: 'dead-letter.replay', target: { type: 'dead-letter', id: job!.id } });
  await store.upsertDelivery(
    { applicationId: 'app-1', system: 'tax', messageId: 'app-1:send', state: 'sent', attempts: 1, lastError: null, updatedAt: at(4) },
    { at: at(4), actor: { kind: 'system', id: 'route-runner', role: 'runner' }, action: 'delivery.sent', target: { type: 'delivery', id: 'tax:app-1:send' } },
  );
  await Promise.all([5, 6, 7].map((minute) => store.appendAudit({ at: at(minute), actor: STAFF, action: 'personal-data.view', target: { type: 'application', id: 'app-1' } })));
  const signer = await loadCertificateSigner(issuance.signer);
  const written = await writeDueCheckpoints({ store, sign: signer.sign, clock: () => new Date(DAY_START + 2 * 24 * 3600_000) });
  expect(written).toEqual([expect.objectContaining({ day: '2026-12-01', seq: 5 })]);
});

afterAll(async () => {
  await store?.close();
  if (redis) {
    await deleteKeys(redis, PREFIX);
    redis.disconnect();
  }
  rmSync(work, { recursive: true, force: true });
});

const verify = () => runAuditCli(['verify'], { KAKEHASHI_CONFIG: configFile });

async function entry(seq: number): Promise<AuditEntry> {
  return JSON.parse((await redis.hget(`${PREFIX}audit:entries`, String(seq)))!) as AuditEntry;
}

describe('the audit trail in Redis', { timeout: 120_000 }, () => {
  it('verifies offline from the Redis the configuration names, with the checkpoint signed by the city', async () => {
    const result = await verify();
    expect(result.stdout).toBe('audit trail intact: 5 entries, 1 signed checkpoints\n');
    expect(result.code).toBe(0);
  });

  it('names a changed entry, then a deleted one, then a checkpoint whose signature does not hold', async () => {
    const original = await entry(3);
    await redis.hset(`${PREFIX}audit:entries`, '3', JSON.stringify({ ...original, actor: { ...original.actor, id: 'someone-else' } }));
    const changed = await verify();
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^audit trail broken at entry 3: entry 3 was changed/);
    await redis.hset(`${PREFIX}audit:entries`, '3', JSON.stringify(original));
    expect((await verify()).code).toBe(0);

    await redis.hdel(`${PREFIX}audit:entries`, '2');
    await redis.zrem(`${PREFIX}audit:order`, '2');
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toMatch(/^audit trail broken at entry 2: entry 2 is missing/);

    const checkpoint = JSON.parse((await redis.hget(`${PREFIX}audit:checkpoints`, '2026-12-01'))!) as { signature: string };
    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[signature.length - 10]! ^= 0xff;
    await redis.hset(`${PREFIX}audit:checkpoints`, '2026-12-01', JSON.stringify({ ...checkpoint, signature: signature.toString('base64') }));
    const badSignature = await verify();
    expect(badSignature.code).toBe(1);
    expect(badSignature.stdout).toContain('the checkpoint of 2026-12-01 has a bad signature: the signature value does not verify');
  });
});
