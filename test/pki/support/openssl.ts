import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the openssl binary; a missing binary fails the test with a message saying so. */
export function openssl(args: string[]): Buffer {
  try {
    return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('These tests need the openssl command-line tool (OpenSSL 1.1 or 3.x) on PATH; install it (e.g. apt-get install openssl).');
    }
    throw new Error(`openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
}

/**
 * `openssl cms -sign -binary -outform DER -md <md>` over `content` with one
 * or more signers, exactly as a client would make a submission signature.
 */
export async function opensslCmsSign(
  content: Buffer,
  signers: Array<{ certificatePem: string; keyPem: string }>,
  extra: { md?: string; args?: string[] } = {},
): Promise<Buffer> {
  const directory = await mkdtemp(join(tmpdir(), 'kakehashi-openssl-'));
  try {
    const contentFile = join(directory, 'content.json');
    await writeFile(contentFile, content);
    const signerArgs: string[] = [];
    for (const [index, signer] of signers.entries()) {
      const certificateFile = join(directory, `signer-${index}.pem`);
      const keyFile = join(directory, `signer-${index}-key.pem`);
      await writeFile(certificateFile, signer.certificatePem);
      await writeFile(keyFile, signer.keyPem, { mode: 0o600 });
      signerArgs.push('-signer', certificateFile, '-inkey', keyFile);
    }
    const out = join(directory, 'sig.der');
    openssl(['cms', '-sign', '-binary', '-outform', 'DER', '-md', extra.md ?? 'sha256', ...signerArgs, '-in', contentFile, '-out', out, ...(extra.args ?? [])]);
    return await readFile(out);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
