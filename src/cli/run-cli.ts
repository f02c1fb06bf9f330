import { GatewayError } from '../errors.js';
import type { CliIo } from './io.js';

const USAGE = `usage:
  tsx src/cli/main.ts audit verify [--trust-anchor city-root.pem]     (the store as the gateway's configuration names it)
  tsx src/cli/main.ts audit export --day YYYY-MM-DD
  tsx src/cli/main.ts demo [--url http://localhost:8080] [--wait 60]
  tsx src/cli/main.ts dev-pki [--directory certs/dev] [--residents fixtures/residents/residents.json] [--crl-url URL]
  tsx src/cli/main.ts sign --resident <atenaNumber> [--payment-url http://127.0.0.1:8091] [--no-payment] <application.json>
  tsx src/cli/main.ts sign-challenge --resident <atenaNumber> --procedure <procedureId> <challenge>
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Each command is loaded when it runs: `audit` is run on production machines,
 * and must not load the dev commands' simulators and dev keys with it.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  audit: async () => (await import('./audit.js')).runAuditCommand,
  demo: async () => (await import('./demo.js')).runDemoCommand,
  'dev-pki': async () => (await import('./dev-pki.js')).runDevPkiCommand,
  sign: async () => (await import('./sign.js')).runSignCommand,
  'sign-challenge': async () => (await import('./sign-challenge.js')).runSignChallengeCommand,
};

/** Runs one command (`argv` without node and script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const load = name === undefined ? undefined : COMMANDS[name];
  if (!load || !Object.hasOwn(COMMANDS, name as string)) {
    io.stderr(USAGE);
    return 2;
  }
  const command = await load();
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof GatewayError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
