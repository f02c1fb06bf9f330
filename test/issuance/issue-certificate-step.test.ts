import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { documentHashOf } from '../../src/issuance/document-hash.js';
import { canonicalBytes } from '../../src/json/canonical-json.js';
import { certificateIdFor, CERTIFICATE_ID_PATTERN } from '../../src/issuance/certificate-id.js';
import { createIssueCertificateStep, ISSUED_DETAIL } from '../../src/issuance/issue-certificate-step.js';
import { issueCertificate } from '../../src/issuance/issue-certificate.js';
import { createIssuance } from '../../src/issuance/issuance.js';
import { devIssuanceConfig } from '../../src/issuance/issuance-config.js';
import { ConfigurationError } from '../../src/errors.js';
import type { BuiltinStep } from '../../src/runner/step-types.js';
import type { Store } from '../../src/store/types.js';
import { devCity, type DevCity } from './support/dev-city.js';
import { ATENA, BASE_URL, CITY, ISSUED_AT, application, juminhyoForm, procedure, registryResident, taxReply } from './support/issuance-fixtures.js';
import { recordApplication, temporaryStore } from './support/temporary-store.js';

let city: DevCity;
let store: Store;
let dispose: () => Promise<void>;
let lines: string[];
let step: BuiltinStep;

beforeAll(async () => {
  city = await devCity();
});
afterAll(() => city.dispose());
beforeEach(() => {
  ({ store, dispose } = temporaryStore());
  lines = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  step = createIssueCertificateStep({ store, signer: city.signer, city: CITY, clock: () => ISSUED_AT, verificationBaseUrl: BASE_URL, logger: createLogger({ level: 'debug', destination }) });
});
afterEach(async () => {
  await dispose();
});

async function juminhyoInput(id = 'app-0001', content = {}) {
  const record = application('juminhyo-copy', juminhyoForm({}, content), id);
  await recordApplication(store, record);
  const proc = await procedure('juminhyo-copy');
  return {
    application: record,
    procedure: proc,
    step: proc.route[1]!,
    results: { 'lookup-resident': { resident: registryResident(ATENA.takahashi, { myNumber: true }) } },
    messageId: `${id}:issue-certificate`,
  };
}

describe('the issue-certificate step', () => {
  it('issues, signs and stores the certificate under an id derived from the message id', async () => {
    const input = await juminhyoInput('app-0001', { myNumber: 'tax' });
    const outcome = await step(input);
    const certificateId = certificateIdFor('app-0001:issue-certificate');
    expect(certificateId).toMatch(CERTIFICATE_ID_PATTERN);
    expect(outcome).toEqual({ result: { certificateId }, status: 'issued', detail: ISSUED_DETAIL });
    const stored = await store.getCertificate(certificateId);
    expect(stored).toMatchObject({ id: certificateId, applicationId: 'app-0001', type: 'juminhyo-copy', issuedAt: ISSUED_AT.toISOString(), revokedAt: null });
    const document = JSON.parse(stored!.document) as { id: string };
    expect(document.id).toBe(certificateId);
    expect(canonicalBytes(document).toString('utf8')).toBe(stored!.document);
    expect(stored!.documentHash).toBe(documentHashOf(Buffer.from(stored!.document, 'utf8')));
    // 個人番号 was requested, so it is in the document — and in no log line, nor the name.
    expect(stored!.document).toContain('137213112630');
    expect(lines.join('')).not.toContain('137213112630');
    expect(lines.join('')).not.toContain('髙橋');
    expect(lines.join('')).toContain(certificateId);
  });

  it('issues once per message id: a re-run reports the same certificate and stores no second one', async () => {
    const input = await juminhyoInput();
    const first = await step(input);
    const stored = await store.getCertificate(certificateIdFor(input.messageId));
    const second = await step({ ...input });
    expect(second).toEqual(first);
    expect(await store.listCertificates('app-0001')).toEqual([stored]);
  });

  it('issues once when two runs race past the look-up (the store refuses the duplicate id)', async () => {
    const input = await juminhyoInput();
    const outcomes = await Promise.all([step(input), step(input), step(input)]);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(outcomes[0]!.status).toBe('issued');
    expect(await store.listCertificates('app-0001')).toHaveLength(1);
  });

  it('gives each application its own certificate', async () => {
    await step(await juminhyoInput('app-0001'));
    await step(await juminhyoInput('app-0002'));
    const [a, b] = await Promise.all([store.listCertificates('app-0001'), store.listCertificates('app-0002')]);
    expect(a[0]!.id).not.toBe(b[0]!.id);
    expect(JSON.parse(a[0]!.document).serial).not.toBe(JSON.parse(b[0]!.document).serial);
  });

  it('ends 未申告 as rejected with the reason for people, storing nothing', async () => {
    const record = application('tax-certificate', { request: { fiscalYear: 2024, copies: 1, purpose: 'nursery' } });
    await recordApplication(store, record);
    const proc = await procedure('tax-certificate');
    const outcome = await step({
      application: record,
      procedure: proc,
      step: proc.route[3]!,
      results: { 'lookup-resident': { resident: registryResident(ATENA.undeclared) }, 'await-assessment': taxReply(ATENA.undeclared, 2024, 'taxation-certificate') },
      messageId: 'app-0001:issue-certificate',
    });
    expect(outcome.status).toBe('rejected');
    expect(outcome.detail).toContain('未申告');
    expect(outcome.result).toEqual({ issued: false, reason: outcome.detail });
    expect(await store.listCertificates('app-0001')).toEqual([]);
  });

  it('throws a configuration error (a dead letter, not a retry) when the route lacks the tax reply', async () => {
    const record = application('tax-certificate', { request: { fiscalYear: 2024, copies: 1, purpose: 'nursery' } });
    await recordApplication(store, record);
    const proc = await procedure('tax-certificate');
    await expect(
      step({ application: record, procedure: proc, step: proc.route[3]!, results: { 'lookup-resident': { resident: registryResident(ATENA.takahashi) } }, messageId: 'app-0001:issue-certificate' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('createIssuance', () => {
  it('wires the step and the verifier from the configured files, and a wrong file stops it', async () => {
    const config = devIssuanceConfig(city.directory, BASE_URL);
    const issuance = await createIssuance(config, { store, clock: () => ISSUED_AT, logger: createLogger({ level: 'silent' }) });
    const input = await juminhyoInput();
    const { result } = await issuance.issueCertificateStep(input);
    const stored = (await store.getCertificate(String(result.certificateId)))!;
    const report = await issuance.verifier.verifySigned(Buffer.from(stored.document, 'utf8'), Buffer.from(stored.signature, 'base64'));
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(issuance.chainPem).toEqual(city.signer.chainPem);
    await expect(createIssuance({ ...config, trustAnchorFile: config.signer.keyFile }, { store, clock: () => ISSUED_AT, logger: createLogger({ level: 'silent' }) })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });
});

describe('issueCertificate', () => {
  it('composes and signs without storing, for convenience-store issuance to reuse', async () => {
    const input = await juminhyoInput();
    const { record, document } = issueCertificate({ ...input, issuedAt: ISSUED_AT, city: CITY, signer: city.signer, verificationBaseUrl: BASE_URL });
    expect(record.id).toBe(document.id);
    expect(record.document).toBe(canonicalBytes(document).toString('utf8'));
    expect(await store.getCertificate(record.id)).toBeNull();
  });
});
