import { GatewayError } from '../errors.js';
import { runAuditCommand } from './audit.js';
import { runDemoCommand } from './demo.js';
import { runDevPkiCommand } from './dev-pki.js';
import type { CliIo } from './io.js';
import { runSignChallengeCommand } from './sign-challenge.js';
import { runSignCommand } from './sign.js';

const USAGE = `usage:
  tsx src/cli/main.ts audit verify [--trust-anchor city-root.pem]     (the store as the gateway's configuration names it)
  tsx src/cli/main.ts audit export --day YYYY-MM-DD
  tsx src/cli/main.ts demo [--url http://localhost:8080] [--wait 60]
  tsx src/cli/main.ts dev-pki [--directory certs/dev] [--residents fixtures/residents/residents.json] [--crl-url URL]
  tsx src/cli/main.ts sign --resident <atenaNumber> [--payment-url http://127.0.0.1:8091] [--no-payment] <application.json>
  tsx src/cli/main.ts sign-challenge --resident <atenaNumber> --procedure <procedureId> <challenge>
`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  audit: runAuditCommand,
  demo: runDemoCommand,
  'dev-pki': runDevPkiCommand,
  sign: runSignCommand,
  'sign-challenge': runSignChallengeCommand,
};

/** Runs one command (`argv` without node and script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command || !Object.hasOwn(COMMANDS, name as string)) {
    io.stderr(USAGE);
    return 2;
  }
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
