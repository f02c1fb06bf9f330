import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentSimulator, type PaymentSimulator } from '../../adapters/payment/simulator/index.js';
import { runSignCommand } from '../../src/cli/sign.js';
import { DEV_PAYMENT_API_KEY } from '../../src/dev/dev-environment.js';
import { residentOfApplicant } from '../support/evidence.js';
import { validSamples } from '../support/fixtures.js';

let simulator: PaymentSimulator;
let work: string;
beforeAll(async () => {
  simulator = await startPaymentSimulator({ apiKey: DEV_PAYMENT_API_KEY });
  work = await mkdtemp(join(tmpdir(), 'kakehashi-cli-'));
});
afterAll(async () => {
  await simulator.close();
  await rm(work, { recursive: true, force: true });
});

async function sign(body: unknown, extra: string[] = []): Promise<{ status: number; out: Record<string, unknown> }> {
  const file = join(work, `application-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(body));
  let out = '';
  const atena = residentOfApplicant(body as Record<string, unknown>).atenaNumber;
  const status = await runSignCommand(['--resident', atena, '--payment-url', simulator.url, ...extra, file], { stdout: (text) => (out += text), stderr: () => undefined });
  return { status, out: JSON.parse(out) as Record<string, unknown> };
}

describe('npm run cli -- sign', () => {
  it('signs a body and pays the fee at the payment simulator', async () => {
    const [, body] = validSamples('tax-payment-certificate').find(([, b]) => residentOfApplicant(b).jpki?.certificate === 'valid')!;
    const { status, out } = await sign(body);
    expect(status).toBe(0);
    expect(out.signature).toEqual({ format: 'cms-detached', value: expect.stringMatching(/^MII/) });
    expect(out.payment).toEqual({ provider: 'dev-card', paymentId: expect.stringMatching(/^pay_/) });
    expect(simulator.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('makes no payment for a free procedure, or when asked not to', async () => {
    const before = simulator.requests().length;
    const [, free] = validSamples('moving-out')[0]!;
    expect((await sign(free)).out.payment).toBeUndefined();
    const [, paid] = validSamples('tax-payment-certificate').find(([, b]) => residentOfApplicant(b).jpki?.certificate === 'valid')!;
    expect((await sign(paid, ['--no-payment'])).out.payment).toBeUndefined();
    expect(simulator.requests().length).toBe(before);
  });
});
