import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../catalog/load-catalog.js';
import { computeFee } from '../intake/fee.js';
import { signedContentOf } from '../intake/identity-check.js';
import { signCmsDetached } from '../pki/cms-sign.js';
import { ensureDevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { DEFAULT_DEV_PAYMENT_URL, payAtDevProvider } from '../dev/dev-payment.js';
import { DEFAULT_DEV_PKI_DIRECTORY, DEFAULT_DEV_RESIDENTS_FILE, type CliIo } from './io.js';

/** Where the demo stops following: an end, or a ward's review queue, which waits for staff (GET /v1/admin/reviews). */
const FINAL = new Set(['completed', 'rejected', 'failed', 'issued', 'awaiting-pickup', 'picked-up', 'expired', 'under-review']);

interface Resident {
  atenaNumber: string;
  name: string;
  birthDate: { iso: string | null };
}

/**
 * `demo [--url http://localhost:8080] [--wait 60]`: submits every valid sample
 * application under fixtures/applications to a running dev gateway — signed by
 * its applicant's dev certificate and paid where a fee is due, as a frontend
 * would — then follows each until it ends and prints how it ended.
 */
export async function runDemoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://localhost:8080' },
      'payment-url': { type: 'string', default: DEFAULT_DEV_PAYMENT_URL },
      wait: { type: 'string', default: '60' },
    },
    strict: true,
  });
  const catalog = await loadCatalog('mappings/procedures');
  const pki = await ensureDevPki({ directory: DEFAULT_DEV_PKI_DIRECTORY, residentsFile: DEFAULT_DEV_RESIDENTS_FILE });
  const residents = (JSON.parse(await readFile(DEFAULT_DEV_RESIDENTS_FILE, 'utf8')) as { residents: Resident[] }).residents;
  const submitted: { sample: string; id?: string; outcome: string }[] = [];
  for (const procedureId of (await readdir('fixtures/applications', { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const name of (await readdir(join('fixtures/applications', procedureId))).filter((n) => n.startsWith('valid-')).sort()) {
      const body = JSON.parse(await readFile(join('fixtures/applications', procedureId, name), 'utf8')) as Record<string, unknown>;
      const compiled = catalog.get(procedureId)!;
      const form = body['form'] as Record<string, unknown>;
      await uploadSampleFiles(values.url, procedureId, form);
      if (compiled.procedure.identity.kind === 'jpki') {
        const applicant = form['applicant'] as Record<string, string>;
        const resident = residents.find((r) => r.name === applicant['name'] && r.birthDate.iso === applicant['birthDate']);
        const key = resident && pki.residents.get(resident.atenaNumber);
        if (key) body['signature'] = { format: 'cms-detached', value: signCmsDetached(signedContentOf({ procedureId, form }), key, new Date()).toString('base64') };
      }
      const validation = compiled.validateForm(form);
      const fee = validation.ok ? computeFee(compiled.procedure, validation.data).amount : 0;
      if (fee > 0) body['payment'] = await payAtDevProvider(values['payment-url'], fee);
      const response = await fetch(`${values.url}/v1/applications`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `demo-${procedureId}-${name}-${Date.now()}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { id?: string; type?: string };
      submitted.push({ sample: `${procedureId}/${name}`, ...(answer.id ? { id: answer.id } : {}), outcome: answer.id ? 'submitted' : `refused ${response.status} ${answer.type}` });
    }
  }
  const deadline = Date.now() + Number(values.wait) * 1000;
  for (const entry of submitted.filter((e) => e.id)) {
    for (;;) {
      const view = (await (await fetch(`${values.url}/v1/applications/${entry.id}`, { headers: { authorization: 'Bearer dev-frontend-key' } })).json()) as {
        status: string;
        timeline: { detail: string }[];
      };
      entry.outcome = `${view.status}: ${view.timeline.at(-1)?.detail ?? ''}`;
      if (FINAL.has(view.status) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  for (const entry of submitted) io.stdout(`${entry.sample.padEnd(62)} ${entry.outcome}\n`);
  return 0;
}

/** A one-page PDF with no script or embedded file: what the demo uploads for each attachment a sample names. */
const DEMO_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Uploads a file for every attachment value in the sample's form and puts the upload's reference in its place (before signing). */
async function uploadSampleFiles(url: string, procedureId: string, form: Record<string, unknown>, pointer = ''): Promise<void> {
  for (const [key, value] of Object.entries(form)) {
    if (typeof value !== 'object' || value === null) continue;
    const child = value as Record<string, unknown>;
    const here = `${pointer}/${Array.isArray(form) ? '-' : key}`;
    if (typeof child['id'] === 'string' && typeof child['sha256'] === 'string') {
      const response = await fetch(`${url}/v1/attachments?procedureId=${encodeURIComponent(procedureId)}&field=${encodeURIComponent(here)}`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/pdf' },
        body: DEMO_PDF,
      });
      if (!response.ok) throw new Error(`upload for ${procedureId} ${here} refused: ${response.status} ${await response.text()}`);
      const { id, sha256, size, mediaType } = (await response.json()) as Record<string, unknown>;
      form[key] = { id, sha256, size, mediaType };
    } else {
      await uploadSampleFiles(url, procedureId, child, here);
    }
  }
}
