import { parseArgs } from 'node:util';
import { ensureDevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { DEFAULT_DEV_RESIDENTS_FILE, DEFAULT_DEV_PKI_DIRECTORY, type CliIo } from './io.js';

/**
 * `dev-pki [--directory certs/dev] [--residents fixtures/residents/residents.json] [--crl-url URL]`:
 * creates the dev PKI or loads the existing one, and lists what it holds.
 */
export async function runDevPkiCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      directory: { type: 'string', default: DEFAULT_DEV_PKI_DIRECTORY },
      residents: { type: 'string', default: DEFAULT_DEV_RESIDENTS_FILE },
      'crl-url': { type: 'string' },
    },
    strict: true,
  });
  const pki = await ensureDevPki({
    directory: values.directory,
    residentsFile: values.residents,
    ...(values['crl-url'] === undefined ? {} : { crlUrl: values['crl-url'] }),
  });
  io.stdout(`dev PKI in ${pki.directory}: ${pki.residents.size} resident signing certificates, CRL ${pki.crlPath} (distribution point ${pki.crlUrl})\n`);
  for (const resident of pki.residents.values()) io.stdout(`  ${resident.atenaNumber}  serial ${resident.serial}  ${resident.state}\n`);
  return 0;
}
