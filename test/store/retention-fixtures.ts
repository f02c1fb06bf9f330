import { createHash } from 'node:crypto';
import type { Store, TimelineEntry } from '../../src/store/types.js';
import { at, newApplication, newJob } from './store-fixtures.js';

/** A resident's personal facts, each of which must be gone from the store after the purge. */
export interface Resident {
  name: string;
  kana: string;
  address: string;
  birthDate: string;
  phone: string;
  atenaNumber: string;
}

export const HANAKO: Resident = {
  name: '浪速 花子',
  kana: 'ナニワ ハナコ',
  address: '大阪府大阪市北区中之島一丁目3番20号',
  birthDate: '1985-07-14',
  phone: '06-6208-8181',
  atenaNumber: '1034004400',
};

export const TARO: Resident = {
  name: '淀屋 太郎',
  kana: 'ヨドヤ タロウ',
  address: '大阪府大阪市中央区大手前二丁目1番22号',
  birthDate: '1972-11-03',
  phone: '06-6941-0351',
  atenaNumber: '2087731905',
};

/** Every value of `resident`, as a scan looks for it. */
export function personalValues(resident: Resident): string[] {
  return Object.values(resident);
}

/**
 * Writes an application staff rejected at `terminalSecond`: the form with the
 * resident's facts, and a review whose reason (which the resident reads)
 * names their address and phone.
 */
export async function writeRejectedApplication(store: Store, id: string, resident: Resident, terminalSecond: number): Promise<void> {
  const base = newApplication(id);
  await store.createApplication({
    ...base,
    application: { ...base.application, form: { applicant: { name: resident.name, kana: resident.kana, address: resident.address, birthDate: resident.birthDate }, copies: 1 } },
  });
  await store.saveReview({
    review: {
      applicationId: id,
      procedureId: 'juminhyo-copy',
      step: 'office-review',
      ward: '271276',
      state: 'rejected',
      approvalsRequired: 1,
      approvals: [],
      claimedBy: null,
      deadline: at(terminalSecond + 86_400),
      overdue: false,
      reason: `住所 ${resident.address} が住民票と一致しません。${resident.phone} にお電話ください。`,
      version: 3,
      createdAt: at(1),
      updatedAt: at(terminalSecond),
    },
    expectedVersion: null,
    timeline: { status: 'rejected', at: at(terminalSecond), source: 'staff:clerk-1', detail: 'rejected' },
  });
}

/**
 * Writes an application as a busy one ends up: the form, identity and payment
 * with the resident's facts, an idempotency record, step payloads, a dead
 * letter, a delivery, a certificate whose document names the resident and a
 * convenience-store pickup; the last timeline entry (`issued`) is at
 * `terminalSecond` (seconds after the fixtures' epoch).
 */
export async function writeFullApplication(store: Store, id: string, resident: Resident, terminalSecond: number): Promise<{ idempotencyKey: string; pickupCode: string }> {
  const idempotencyKey = `key-${id}`;
  const base = newApplication(id);
  await store.beginIdempotent('frontend-a', idempotencyKey, `hash-${id}`, at(0), at(600));
  await store.createApplication({
    ...base,
    application: {
      ...base.application,
      form: { applicant: { name: resident.name, kana: resident.kana, address: resident.address, birthDate: resident.birthDate, phone: resident.phone }, copies: 1 },
      identity: { serial: '0A1B2C', subject: { name: resident.name, address: resident.address, birthDate: resident.birthDate, gender: '2' } },
      payment: { provider: 'card-sim', paymentId: `pay-${id}`, cardholder: resident.kana },
    },
    job: newJob(`${id}-lookup`, id, { payload: { resident: { atenaNumber: resident.atenaNumber, name: resident.name } } }),
    claims: [{ kind: 'signature', key: `digest-${id}` }],
    idempotency: {
      clientId: 'frontend-a',
      key: idempotencyKey,
      response: { status: 202, headers: {}, body: JSON.stringify({ id, status: 'verified', accessToken: `kat_${id}` }) },
      expiresAt: at(86_400),
    },
  });
  // The first job runs and hands on to a delivery step that ends in a dead letter.
  const [lookup] = await store.claimJobs(`runner-${id}`, at(1), at(60), 1);
  if (lookup?.id !== `${id}-lookup`) throw new Error(`expected to claim ${id}-lookup`);
  await store.completeJob(lookup.id, `runner-${id}`, at(2), newJob(`${id}-send`, id, { step: 1, name: 'send-welfare', runAt: at(2), payload: { record: `${resident.name},${resident.address}` } }));
  const [send] = await store.claimJobs(`runner-${id}`, at(3), at(60), 1);
  if (send?.id !== `${id}-send`) throw new Error(`expected to claim ${id}-send`);
  await store.deadLetter(send.id, `runner-${id}`, at(4), 'welfare answered 422 E0012');
  await store.upsertDelivery({ applicationId: id, system: 'welfare', messageId: `msg-${id}`, state: 'dead', attempts: 3, lastError: `rejected record for ${resident.name}`, updatedAt: at(4) });
  const entries: TimelineEntry[] = [
    { status: 'in-progress', at: at(1), source: 'runner', detail: 'looking up the resident' },
    { status: 'issued', at: at(terminalSecond), source: 'runner', detail: `certificate for ${resident.name}` },
  ];
  for (const entry of entries) await store.appendTimeline(id, entry);
  const document = JSON.stringify({ id: `crt-${id}`, subject: { name: resident.name, address: resident.address, birthDate: resident.birthDate } });
  await store.saveCertificate({
    id: `crt-${id}`,
    applicationId: id,
    type: 'juminhyo-copy',
    document,
    documentHash: `hash-of-crt-${id}`,
    signature: 'c2lnbmF0dXJl',
    issuedAt: at(terminalSecond),
    revokedAt: null,
    revocationReason: null,
  });
  const pickupCode = String(BigInt(`0x${createHash('sha256').update(id).digest('hex').slice(0, 12)}`) % 900_000_000_000n + 100_000_000_000n);
  await store.savePickup({
    code: pickupCode,
    certificateId: `crt-${id}`,
    applicationId: id,
    requestId: `req-${id}`,
    certificateType: 'juminhyo-copy',
    copies: 1,
    fee: 200,
    expiresAt: at(terminalSecond + 86_400),
    status: 'requested',
    notBefore: at(terminalSecond),
    fetchedAt: null,
    createdAt: at(terminalSecond),
    updatedAt: at(terminalSecond),
  });
  // Someone tried a wrong check part on the code once.
  await store.recordWrongCheckPart(`crt-${id}`, at(terminalSecond + 60), 5);
  return { idempotencyKey, pickupCode };
}
