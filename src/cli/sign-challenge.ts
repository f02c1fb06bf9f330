import { parseArgs } from 'node:util';
import { CHALLENGE_PATTERN } from '../prefill/challenges.js';
import { signCmsDetached } from '../pki/cms-sign.js';
import { ensureDevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { DEFAULT_DEV_PKI_DIRECTORY, DEFAULT_DEV_RESIDENTS_FILE, type CliIo } from './io.js';

/**
 * The challenge is base64url and begins with `-` about once in 64: the last
 * argument is taken as the challenge whatever it begins with, unless the
 * caller already ended the options with `--`.
 */
function challengeLast(args: string[]): string[] {
  const last = args.at(-1);
  if (last === undefined || args.includes('--') || !/^-[^-]/.test(last)) return args;
  return [...args.slice(0, -1), '--', last];
}

/**
 * `sign-challenge --resident <atenaNumber> --procedure <id> <challenge>`:
 * prints the body of POST /v1/prefill, the challenge signed with that dev
 * resident's authentication certificate (a detached CMS over the challenge
 * text, as the card would after the PIN).
 */
export async function runSignChallengeCommand(args: string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: challengeLast(args),
    options: {
      resident: { type: 'string' },
      procedure: { type: 'string' },
      directory: { type: 'string', default: DEFAULT_DEV_PKI_DIRECTORY },
      residents: { type: 'string', default: DEFAULT_DEV_RESIDENTS_FILE },
    },
    allowPositionals: true,
    strict: true,
  });
  const challenge = positionals[0];
  if (!values.resident || !values.procedure || !challenge || positionals.length !== 1 || !CHALLENGE_PATTERN.test(challenge)) {
    io.stderr('sign-challenge needs --resident <atenaNumber>, --procedure <id> and the challenge from GET /v1/prefill/challenge\n');
    return 2;
  }
  const pki = await ensureDevPki({ directory: values.directory, residentsFile: values.residents });
  const authentication = pki.residents.get(values.resident);
  if (!authentication?.authentication) {
    io.stderr(`resident ${values.resident} has no authentication certificate in the dev PKI\n`);
    return 1;
  }
  const signer = { certificatePem: authentication.authentication.certificatePem, keyPem: authentication.keyPem };
  const signature = signCmsDetached(Buffer.from(challenge, 'utf8'), signer, clock()).toString('base64');
  io.stdout(`${JSON.stringify({ procedureId: values.procedure, challenge, signature: { format: 'cms-detached', value: signature } })}\n`);
  return 0;
}
