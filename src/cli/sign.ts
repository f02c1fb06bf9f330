import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../errors.js';
import { signedContentOf } from '../intake/identity-check.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { computeFee } from '../intake/fee.js';
import { signCmsDetached } from '../pki/cms-sign.js';
import { DEFAULT_DEV_PAYMENT_URL, payAtDevProvider } from '../dev/dev-payment.js';
import { ensureDevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { DEFAULT_DEV_PKI_DIRECTORY, DEFAULT_DEV_RESIDENTS_FILE, type CliIo } from './io.js';

/**
 * `sign --resident <atenaNumber> <application.json>`: prints the submission
 * body with `signature` set to a detached CMS over its JCS bytes, made with
 * that dev resident's signing key (as the card would). Other members of the
 * body (payment, issuance) pass through unchanged.
 */
export async function runSignCommand(args: string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      resident: { type: 'string' },
      directory: { type: 'string', default: DEFAULT_DEV_PKI_DIRECTORY },
      residents: { type: 'string', default: DEFAULT_DEV_RESIDENTS_FILE },
      'payment-url': { type: 'string', default: DEFAULT_DEV_PAYMENT_URL },
      catalog: { type: 'string', default: 'mappings/procedures' },
      'no-payment': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!values.resident || !file || positionals.length !== 1) {
    io.stderr('sign needs --resident <atenaNumber> and one application JSON file\n');
    return 2;
  }
  const body: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ConfigurationError('expected a JSON object', { file });
  const { procedureId, form } = body as Record<string, unknown>;
  if (typeof procedureId !== 'string' || form === null || typeof form !== 'object' || Array.isArray(form)) {
    throw new ConfigurationError('expected { "procedureId": string, "form": object, … }', { file });
  }
  const pki = await ensureDevPki({ directory: values.directory, residentsFile: values.residents });
  const resident = pki.residents.get(values.resident);
  if (!resident) {
    io.stderr(`resident ${values.resident} has no signing certificate in the dev PKI\n`);
    return 1;
  }
  const content = signedContentOf({ procedureId, form: form as Record<string, unknown> });
  const signature = signCmsDetached(content, resident, clock());
  const signed: Record<string, unknown> = { ...body, signature: { format: 'cms-detached', value: signature.toString('base64') } };
  if (signed['payment'] === undefined && !values['no-payment']) {
    const compiled = (await loadCatalog(values.catalog)).get(procedureId);
    const validation = compiled?.validateForm(form);
    if (compiled && validation?.ok) {
      const fee = computeFee(compiled.procedure, validation.data).amount;
      if (fee > 0) signed['payment'] = await payAtDevProvider(values['payment-url'], fee);
    } else {
      io.stderr('the form does not satisfy its procedure: no payment made\n');
    }
  }
  io.stdout(`${JSON.stringify(signed, null, 2)}\n`);
  return 0;
}
