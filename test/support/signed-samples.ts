import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { computeFee } from '../../src/intake/fee.js';
import { fixtureClock } from './fixture-time.js';
import { residentOfApplicant, signedBy } from './evidence.js';
import { validSamples } from './fixtures.js';

/** One valid sample of a JPKI procedure, its applicant, and the fee it costs. */
export interface JpkiSample {
  procedureId: string;
  name: string;
  body: Record<string, unknown>;
  atenaNumber: string;
  /** What the dev PKI issued the applicant (fixtures/residents/README.md): only `valid` signatures are accepted. */
  certificate: string;
  feeYen: number;
}

/**
 * The body to submit: the sample signed by its applicant's dev key at `at`.
 * The gateway refuses a signature it has seen (a replay), and a CMS signing
 * time has whole seconds, so copies of one sample are signed at distinct seconds.
 */
export function signedCopy(sample: JpkiSample, at: Date): Promise<Record<string, unknown>> {
  return signedBy(sample.atenaNumber, structuredClone(sample.body), at);
}

/** Every valid sample of these JPKI procedures, checked against the form rules on the fixture clock. */
export async function jpkiSamples(procedureIds: string[]): Promise<JpkiSample[]> {
  const catalog = await loadCatalog('mappings/procedures', { clock: fixtureClock });
  const samples: JpkiSample[] = [];
  for (const procedureId of procedureIds) {
    const compiled = catalog.get(procedureId);
    if (!compiled) throw new Error(`no procedure ${procedureId}`);
    for (const [name, body] of validSamples(procedureId)) {
      const validation = compiled.validateForm(body['form'] as Record<string, unknown>);
      if (!validation.ok) throw new Error(`${procedureId}/${name} is not valid on the fixture clock`);
      const applicant = residentOfApplicant(body);
      samples.push({ procedureId, name, body, atenaNumber: applicant.atenaNumber, certificate: applicant.jpki?.certificate ?? 'none', feeYen: computeFee(compiled.procedure, validation.data).amount });
    }
  }
  return samples;
}
