import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { signedContentOf } from '../../src/intake/identity-check.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import { ensureDevPki, type DevPki } from '../../src/pki/dev-pki/ensure-dev-pki.js';
import { DEV_PAYMENT_API_KEY, DEV_PAYMENT_PROVIDER } from '../../src/dev/dev-environment.js';
import type { DevGateway } from '../../src/dev/dev-gateway.js';
import { devIssuanceConfig } from '../../src/issuance/issuance-config.js';
import { fixtureClock } from './fixture-time.js';

interface ResidentFixture {
  atenaNumber: string;
  name: string;
  birthDate: { iso: string | null };
  jpki: { certificate: string } | null;
}

const residents = (JSON.parse(readFileSync('fixtures/residents/residents.json', 'utf8')) as { residents: ResidentFixture[] }).residents;
let devPki: Promise<DevPki> | undefined;

/** The dev PKI that test/global-setup.ts made current at the fixtures' "today". */
export function loadDevPki(): Promise<DevPki> {
  devPki ??= ensureDevPki({ directory: inject('fixturePkiDirectory'), residentsFile: 'fixtures/residents/residents.json', now: fixtureClock() });
  return devPki;
}

/** Configuration that makes a gateway trust that PKI for signatures and issue certificates with its test city (instead of certs/dev). */
export function fixturePkiSettings(): Record<string, unknown> {
  const directory = inject('fixturePkiDirectory');
  return {
    issuance: devIssuanceConfig(directory, 'http://localhost:8080'),
    pki: {
      trustAnchorFiles: [join(directory, 'jpki-root-ca.pem')],
      intermediateFiles: [join(directory, 'jpki-signing-ca.pem')],
      crlSources: [{ kind: 'file', path: join(directory, 'jpki-signing.crl') }],
    },
  };
}

/** The dev resident whose name and birth date are the applicant's in a sample. */
export function residentOfApplicant(body: Record<string, unknown>): ResidentFixture {
  const applicant = (body.form as Record<string, Record<string, string>>)['applicant'];
  const found = residents.find((resident) => resident.name === applicant?.['name'] && resident.birthDate.iso === applicant['birthDate']);
  if (!found) throw new Error('no dev resident matches the sample applicant');
  return found;
}

/** Adds a detached CMS signature made with a dev resident's key, as the card would. */
export async function signedBy(atenaNumber: string, body: Record<string, unknown>, at = fixtureClock()): Promise<Record<string, unknown>> {
  const resident = (await loadDevPki()).residents.get(atenaNumber);
  if (!resident) throw new Error(`resident ${atenaNumber} has no dev certificate`);
  const content = signedContentOf(body as { procedureId: string; form: Record<string, unknown> });
  return { ...body, signature: { format: 'cms-detached', value: signCmsDetached(content, resident, at).toString('base64') } };
}

/** Pays `amount` yen at the gateway's bundled payment simulator and returns the payment reference. */
export async function paid(gateway: DevGateway, amount: number, options: { capture?: boolean; currency?: string } = {}): Promise<{ provider: string; paymentId: string }> {
  const provider = gateway.dev.simulators.payment[DEV_PAYMENT_PROVIDER];
  if (!provider) throw new Error('the payment simulator is not running');
  const response = await fetch(`${provider.baseUrl}/v1/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_PAYMENT_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount, currency: options.currency ?? 'jpy', capture: options.capture ?? true }),
  });
  const payment = (await response.json()) as { id: string };
  return { provider: DEV_PAYMENT_PROVIDER, paymentId: payment.id };
}
