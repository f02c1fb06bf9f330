import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevPki, type DevPki } from '../../../src/pki/dev-pki/ensure-dev-pki.js';

/** The small residents fixture the PKI tests use (same format as fixtures/residents/residents.json). */
export const TEST_RESIDENTS_FILE = fileURLToPath(new URL('../fixtures/residents.json', import.meta.url));

/** Atena numbers in that fixture, by role. */
export const RESIDENT = {
  takahashi: '9000000011',
  yoshida: '9000000022',
  ito: '9000000033',
  revoked: '9000000044',
  expired: '9000000055',
  untrusted: '9000000066',
  unknownBirthDate: '9000000077',
  noCard: '9000000088',
} as const;

/** A dev PKI in a fresh temporary directory; `cleanup` removes it. */
export async function createTestPki(now: Date, crlUrl?: string): Promise<{ pki: DevPki; directory: string; cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'kakehashi-pki-test-'));
  const pki = await ensureDevPki({ directory, residentsFile: TEST_RESIDENTS_FILE, now, ...(crlUrl ? { crlUrl } : {}) });
  return { pki, directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}
