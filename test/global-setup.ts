import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDevPki } from '../src/pki/dev-pki/ensure-dev-pki.js';
import { FIXTURE_NOW } from './support/fixture-time.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dev PKI whose certificates and CRL are current at the fixtures' "today". */
    fixturePkiDirectory: string;
  }
}

const RESIDENTS = 'fixtures/residents/residents.json';

/**
 * Before test files run in parallel (making a dev PKI is not safe from two
 * processes at once; loading one is): the dev PKI under certs/dev that
 * `npm start` uses, and a second one made at the fixtures' "today" for tests
 * that submit the sample applications on the fixture clock.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  await ensureDevPki({ directory: 'certs/dev', residentsFile: RESIDENTS });
  const fixturePki = mkdtempSync(join(tmpdir(), 'kakehashi-fixture-pki-'));
  // made half a day before: its CRL stays current for the fixture clock's first half day
  await ensureDevPki({ directory: fixturePki, residentsFile: RESIDENTS, now: new Date(FIXTURE_NOW.getTime() - 12 * 3600_000) });
  project.provide('fixturePkiDirectory', fixturePki);
  return () => rmSync(fixturePki, { recursive: true, force: true });
}
