import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledProcedure, IdentityRequirement } from '../../src/catalog/procedure.js';
import { InputError, SignatureError } from '../../src/errors.js';
import { runSignCommand } from '../../src/cli/sign.js';
import { createIdentityCheck, signedContentOf } from '../../src/intake/identity-check.js';
import type { CheckContext } from '../../src/intake/check.js';
import type { Submission } from '../../src/intake/submission.js';
import { signCmsDetached } from '../../src/pki/cms-sign.js';
import type { DevPki } from '../../src/pki/dev-pki/ensure-dev-pki.js';
import { createSignatureVerifier } from '../../src/pki/verify-signature.js';
import { createTestPki, issueOddCertificate, RESIDENT, TEST_RESIDENTS_FILE } from '../pki/support/test-pki.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
let pki: DevPki;
let directory: string;
let cleanup: () => Promise<void>;

const JPKI: IdentityRequirement = {
  kind: 'jpki',
  applicant: { name: '/applicant/name', birthDate: '/applicant/birthDate', address: '/applicant/address', gender: '/applicant/gender' },
};

function procedureWith(identity: IdentityRequirement): CompiledProcedure {
  return { procedure: { id: 'juminhyo-copy', identity }, file: 'juminhyo-copy.yaml' } as unknown as CompiledProcedure;
}

const TAKAHASHI_FORM = { applicant: { name: '髙橋　一郎', birthDate: '1989-01-07', gender: '1', address: '大阪府大阪市北区天満2丁目1番8号' }, request: { copies: 1 } };

function signedSubmission(form: Record<string, unknown>, atena: string = RESIDENT.takahashi): Submission {
  const resident = pki.residents.get(atena);
  if (!resident) throw new Error(`no certificate for ${atena}`);
  const base = { procedureId: 'juminhyo-copy', form };
  return { ...base, signature: { format: 'cms-detached', value: signCmsDetached(signedContentOf(base), resident, new Date()).toString('base64') } };
}

function context(submission: Submission, identity: IdentityRequirement = JPKI, form: Record<string, unknown> = submission.form): CheckContext {
  return { procedure: procedureWith(identity), submission, form, clientId: 'frontend', now: NOW };
}

const check = () =>
  createIdentityCheck({
    verifier: createSignatureVerifier({
      trustAnchors: pki.trustAnchors,
      intermediates: pki.intermediates,
      crlSources: [{ kind: 'file', path: pki.crlPath }],
      freshness: { maxAgeSeconds: 600, maxFutureSkewSeconds: 60 },
      clock: () => new Date(),
    }),
  });

async function refusal(promise: Promise<unknown>): Promise<InputError | SignatureError> {
  try {
    await promise;
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected a refusal');
}

const withApplicant = (patch: Record<string, unknown>) => ({ ...TAKAHASHI_FORM, applicant: { ...TAKAHASHI_FORM.applicant, ...patch } });

beforeAll(async () => {
  ({ pki, directory, cleanup } = await createTestPki(NOW));
});
afterAll(async () => cleanup());

describe('signedContentOf', () => {
  it('is the RFC 8785 canonical UTF-8 JSON of procedureId and form', () => {
    const bytes = signedContentOf({ procedureId: 'p', form: { b: 'ｶﾅ', a: [1, 2.5, true, null], c: { z: 1, y: '𠮷' } } });
    expect(bytes.toString('utf8')).toBe('{"form":{"a":[1,2.5,true,null],"b":"ｶﾅ","c":{"y":"𠮷","z":1}},"procedureId":"p"}');
  });
});

describe('identity check', () => {
  it('accepts the applicant’s own signature and records serial, issuer, signing time, the replay claim and a verified entry', async () => {
    const submission = signedSubmission(TAKAHASHI_FORM);
    const outcome = await check().check(context(submission));
    expect(outcome.identity).toEqual({
      method: 'jpki',
      certificateSerial: '1CA96B6617B0E2F4',
      issuer: 'C=JP, O=JPKI TEST, OU=テスト用 TEST ONLY - not a real PKI, CN=JPKI Test Signing CA',
      signingTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      signer: { name: '髙橋　一郎', address: '大阪府大阪市北区天満2丁目1番8号' },
    });
    expect(outcome.claims).toEqual([{ kind: 'signature', key: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(outcome.timeline).toEqual([{ status: 'verified', at: NOW.toISOString(), source: 'intake', detail: 'JPKI signature verified' }]);
  });

  it('verifies against the form as submitted, not the normalised one', async () => {
    const submission = signedSubmission(withApplicant({ name: ' 髙橋 一郎 ' }));
    const normalised = withApplicant({ name: '髙橋　一郎' });
    await expect(check().check(context(submission, JPKI, normalised))).resolves.toHaveProperty('identity.method', 'jpki');
  });

  it('requires a signature, naming /signature', async () => {
    const error = await refusal(check().check(context({ procedureId: 'juminhyo-copy', form: TAKAHASHI_FORM })));
    expect(error).toBeInstanceOf(SignatureError);
    expect(error.code).toBe('signature-required');
    expect(error.extensions).toEqual({ pointer: '/signature' });
  });

  it('ignores a signature, even a broken one, when the procedure needs no identity', async () => {
    const submission: Submission = { procedureId: 'business-support-grant', form: {}, signature: { format: 'cms-detached', value: 'not base64 at all' } };
    await expect(check().check(context(submission, { kind: 'none' }))).resolves.toEqual({});
  });

  it('refuses a valid signature by someone else as applicant-mismatch on every differing fact, without echoing values', async () => {
    const submission = signedSubmission(TAKAHASHI_FORM, RESIDENT.ito);
    const error = (await refusal(check().check(context(submission)))) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('applicant-mismatch');
    expect(error.semantic).toBe(true);
    expect(error.issues.map((issue) => issue.pointer).sort()).toEqual(['/form/applicant/address', '/form/applicant/birthDate', '/form/applicant/gender', '/form/applicant/name']);
    const text = JSON.stringify({ message: error.message, issues: error.issues });
    for (const value of ['髙橋', '一郎', '伊藤', 'さくら', '1989', '1995', '天満', '難波']) expect(text).not.toContain(value);
  });

  it.each([
    ['name', { name: '髙橋　二郎' }, '/form/applicant/name'],
    ['birth date', { birthDate: '1989-01-08' }, '/form/applicant/birthDate'],
    ['address', { address: '大阪府大阪市北区天満2丁目1番9号' }, '/form/applicant/address'],
    ['gender', { gender: '2' }, '/form/applicant/gender'],
  ])('refuses a different %s, naming only that field', async (_label, patch, pointer) => {
    const error = (await refusal(check().check(context(signedSubmission(withApplicant(patch)))))) as InputError;
    expect(error.code).toBe('applicant-mismatch');
    expect(error.issues).toEqual([{ pointer, code: 'applicant-mismatch', message: expect.any(String) }]);
  });

  it.each([
    ['full-width digits and an ASCII space', { name: '髙橋 一郎', address: '大阪府大阪市北区天満２丁目１番８号' }],
    ['no space, and spaces inside the address', { name: '髙橋一郎', address: '大阪府 大阪市北区\u3000天満 2丁目1番8号' }],
    ['the substitute characters of the name', { name: '高橋　一郎' }],
    ['full-width birth date digits', { birthDate: '１９８９-０１-０７' }],
  ])('accepts %s', async (_label, patch) => {
    await expect(check().check(context(signedSubmission(withApplicant(patch))))).resolves.toHaveProperty('identity.certificateSerial', '1CA96B6617B0E2F4');
  });

  it('accepts kana in either script and width, and the substitute 吉 for 𠮷', async () => {
    const ito = { applicant: { name: '伊藤 サクラ', birthDate: '1995-08-20', gender: '2', address: '大阪府大阪市浪速区難波中２丁目１０番７０号 ﾅﾝﾊﾞﾊﾟｰｸｽﾀﾜｰ1205号室' } };
    await expect(check().check(context(signedSubmission(ito, RESIDENT.ito)))).resolves.toHaveProperty('identity.method', 'jpki');
    const yoshida = { applicant: { name: '吉田 茂', birthDate: '2019-05-01', gender: '1', address: '大阪府大阪市淀川区十三東1丁目5番30号' } };
    await expect(check().check(context(signedSubmission(yoshida, RESIDENT.yoshida)))).resolves.toHaveProperty('identity.method', 'jpki');
  });

  it('does not fold old and new character forms when the certificate has no substitute for them', async () => {
    const watanabe = issueOddCertificate(pki, {
      serialHex: '7E57000010',
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
      facts: { name: '渡邉　大輔', gender: '1', birthDateJpki: '319800217', address: '大阪府大阪市西区江戸堀1丁目9番6号' },
    });
    const form = { applicant: { name: '渡辺 大輔', birthDate: '1980-02-17', gender: '1', address: '大阪府大阪市西区江戸堀1丁目9番6号' } };
    const base = { procedureId: 'juminhyo-copy', form };
    const submission: Submission = { ...base, signature: { format: 'cms-detached', value: signCmsDetached(signedContentOf(base), watanabe, new Date()).toString('base64') } };
    const error = (await refusal(check().check(context(submission)))) as InputError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual(['/form/applicant/name']);
  });

  it('treats a missing, non-text or hostile applicant value as a mismatch, never a crash', async () => {
    const hostile = JSON.parse('{"applicant":{"__proto__":{"name":"髙橋　一郎"},"birthDate":{"iso":"1989-01-07"},"gender":1,"address":"' + 'あ'.repeat(100_000) + '"}}') as Record<string, unknown>;
    const error = (await refusal(check().check(context(signedSubmission(hostile))))) as InputError;
    expect(error.code).toBe('applicant-mismatch');
    expect(error.issues.map((issue) => issue.pointer).sort()).toEqual(['/form/applicant/address', '/form/applicant/birthDate', '/form/applicant/name']);
  });

  it('passes the verifier’s refusals through: a form changed after signing is signature-digest-mismatch', async () => {
    const submission = signedSubmission(TAKAHASHI_FORM);
    const tampered = { ...submission, form: withApplicant({ address: '大阪府大阪市北区天満2丁目1番9号' }) };
    const error = await refusal(check().check(context(tampered)));
    expect(error).toBeInstanceOf(SignatureError);
    expect(error.code).toBe('signature-digest-mismatch');
  });

  it('accepts what the sign command prints', async () => {
    const work = await mkdtemp(join(tmpdir(), 'kakehashi-sign-cli-'));
    try {
      const file = join(work, 'application.json');
      await writeFile(file, JSON.stringify({ procedureId: 'juminhyo-copy', form: TAKAHASHI_FORM, issuance: { method: 'electronic' } }));
      let out = '';
      const status = await runSignCommand(['--resident', RESIDENT.takahashi, '--directory', directory, '--residents', TEST_RESIDENTS_FILE, file], {
        stdout: (text) => (out += text),
        stderr: () => undefined,
      });
      expect(status).toBe(0);
      const body = JSON.parse(out) as Submission;
      expect(body.issuance).toEqual({ method: 'electronic' });
      await expect(check().check(context(body))).resolves.toHaveProperty('identity.certificateSerial', '1CA96B6617B0E2F4');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
