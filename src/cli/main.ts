import type { CliIo } from './io.js';
import { runCli } from './run-cli.js';

/** The command-line entry: `tsx src/cli/main.ts <command> …` (see run-cli.ts for the commands). */
const io: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
process.exitCode = await runCli(process.argv.slice(2), io);
