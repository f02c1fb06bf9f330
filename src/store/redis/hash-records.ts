import type { ApplicationRecord, CertificateRecord, JobRecord, PickupRecord } from '../types.js';

/** A Redis hash as field → value, built without a prototype so no field name can reach Object.prototype. */
export type Hash = Record<string, string | undefined>;

/** Turns an HGETALL reply array (as Lua scripts return it) into a {@link Hash}. */
export function hashFromArray(reply: unknown): Hash {
  const hash: Hash = Object.create(null) as Hash;
  const values = reply as string[];
  for (let i = 0; i + 1 < values.length; i += 2) hash[values[i] as string] = values[i + 1];
  return hash;
}

function required(hash: Hash, field: string): string {
  const value = hash[field];
  if (value === undefined) throw new Error(`stored record lacks field ${field}`);
  return value;
}

/** Application hash → record; JSON fields parsed into fresh objects. */
export function applicationFromHash(hash: Hash): ApplicationRecord {
  return {
    id: required(hash, 'id'),
    procedureId: required(hash, 'procedureId'),
    clientId: required(hash, 'clientId'),
    status: required(hash, 'status') as ApplicationRecord['status'],
    form: JSON.parse(required(hash, 'form')) as Record<string, unknown>,
    identity: JSON.parse(required(hash, 'identity')) as Record<string, unknown> | null,
    payment: JSON.parse(required(hash, 'payment')) as Record<string, unknown> | null,
    issuance: JSON.parse(required(hash, 'issuance')) as Record<string, unknown> | null,
    accessTokenHash: required(hash, 'accessTokenHash'),
    createdAt: required(hash, 'createdAt'),
    updatedAt: required(hash, 'updatedAt'),
    ...(hash.purgedAt === undefined ? {} : { purgedAt: hash.purgedAt }),
  };
}

/** Job hash → record; an absent nullable field is null. Internal `_runAtMs` is dropped. */
export function jobFromHash(hash: Hash): JobRecord {
  return {
    id: required(hash, 'id'),
    applicationId: required(hash, 'applicationId'),
    step: Number(required(hash, 'step')),
    name: required(hash, 'name'),
    state: required(hash, 'state') as JobRecord['state'],
    payload: JSON.parse(required(hash, 'payload')) as Record<string, unknown>,
    attempts: Number(required(hash, 'attempts')),
    runAt: required(hash, 'runAt'),
    leaseOwner: hash.leaseOwner ?? null,
    leaseUntil: hash.leaseUntil ?? null,
    lastError: hash.lastError ?? null,
    correlationKey: hash.correlationKey ?? null,
    createdAt: required(hash, 'createdAt'),
    updatedAt: required(hash, 'updatedAt'),
  };
}

const CERTIFICATE_FIELDS = [
  'id',
  'applicationId',
  'type',
  'document',
  'documentHash',
  'signature',
  'issuedAt',
  'revokedAt',
  'revocationReason',
] as const satisfies ReadonlyArray<keyof CertificateRecord>;

/** Field/value pairs of a certificate; null fields are left out (absent means null). */
export function certificateToPairs(certificate: CertificateRecord): string[] {
  const pairs: string[] = [];
  for (const field of CERTIFICATE_FIELDS) {
    const value = certificate[field];
    if (value !== null) pairs.push(field, value);
  }
  return pairs;
}

/** Certificate hash → record; absent revocation fields are null. */
export function certificateFromHash(hash: Hash): CertificateRecord {
  return {
    id: required(hash, 'id'),
    applicationId: required(hash, 'applicationId'),
    type: required(hash, 'type'),
    document: required(hash, 'document'),
    documentHash: required(hash, 'documentHash'),
    signature: required(hash, 'signature'),
    issuedAt: required(hash, 'issuedAt'),
    revokedAt: hash.revokedAt ?? null,
    revocationReason: hash.revocationReason ?? null,
    ...(hash.purgedAt === undefined ? {} : { purgedAt: hash.purgedAt }),
  };
}

/** Field/value pairs of a pickup; null fields are left out. `_expiresAtMs` is still written for stores shared with processes whose fetch script compares it in Lua. */
export function pickupToPairs(pickup: PickupRecord): string[] {
  const pairs = [
    'certificateId', pickup.certificateId,
    'applicationId', pickup.applicationId,
    'requestId', pickup.requestId,
    'certificateType', pickup.certificateType,
    'copies', String(pickup.copies),
    'fee', String(pickup.fee),
    'expiresAt', pickup.expiresAt,
    '_expiresAtMs', String(Date.parse(pickup.expiresAt)),
    'status', pickup.status,
    'notBefore', pickup.notBefore,
    'createdAt', pickup.createdAt,
    'updatedAt', pickup.updatedAt,
  ];
  if (pickup.code !== null) pairs.push('code', pickup.code);
  if (pickup.fetchedAt !== null) pairs.push('fetchedAt', pickup.fetchedAt);
  return pairs;
}

/** Pickup hash → record; absent code and fetchedAt are null. Internal `_expiresAtMs` is dropped. */
export function pickupFromHash(hash: Hash): PickupRecord {
  return {
    code: hash.code ?? null,
    certificateId: required(hash, 'certificateId'),
    applicationId: required(hash, 'applicationId'),
    requestId: required(hash, 'requestId'),
    certificateType: required(hash, 'certificateType'),
    copies: Number(required(hash, 'copies')),
    fee: Number(required(hash, 'fee')),
    expiresAt: required(hash, 'expiresAt'),
    status: required(hash, 'status') as PickupRecord['status'],
    notBefore: required(hash, 'notBefore'),
    fetchedAt: hash.fetchedAt ?? null,
    createdAt: required(hash, 'createdAt'),
    updatedAt: required(hash, 'updatedAt'),
  };
}

/** Orders strings by their UTF-8 bytes, as SQLite's BINARY collation and Redis do. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
