import { ensureDevPki } from '../src/pki/dev-pki/ensure-dev-pki.js';

/**
 * Makes the dev PKI under certs/dev once, before test files run in parallel
 * (making it is not safe from two processes at once; loading it is).
 */
export default async function setup(): Promise<void> {
  await ensureDevPki({ directory: 'certs/dev', residentsFile: 'fixtures/residents/residents.json' });
}
