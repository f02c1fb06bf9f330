import { InputError } from '../errors.js';
import { applyMapping } from '../mapping/engine.js';
import type { MappingSet } from '../mapping/load-mappings.js';
import { tokyoDateOf } from '../mapping/tokyo-date.js';
import type { MessageBuilder, StepInput } from '../runner/step-types.js';

/**
 * The resident lookups every procedure starts with: the applicant is found by
 * the serial of the JPKI certificate that signed the application (the
 * registry keeps serial ↔ 宛名番号), and the household by the 世帯番号 found.
 */
const STANDARD_LOOKUPS: Record<string, (input: StepInput) => { operation: string; record: Record<string, unknown> }> = {
  'lookup-resident': ({ application }) => {
    const serial = application.identity?.['certificateSerial'];
    if (typeof serial !== 'string') throw new InputError('applicant-unidentified', 'The application carries no certificate serial to find the resident by.');
    return { operation: 'find-resident-by-certificate', record: { signingSerial: serial } };
  },
  'lookup-household': ({ results }) => {
    const resident = (results['lookup-resident'] as { resident?: { setaiNumber?: string } | null } | undefined)?.resident;
    if (!resident?.setaiNumber) throw new InputError('resident-not-found', 'The registry has no resident for the signing certificate.');
    return { operation: 'household-members', record: { setaiNumber: resident.setaiNumber } };
  },
};

/**
 * Builds each step's message: the standard registry lookups by step name,
 * otherwise the declarative mapping `mappings/<system>/<procedure>.yaml`
 * applied to the form and the earlier steps' results.
 */
export function createMessageBuilder(mappings: MappingSet): MessageBuilder {
  return (input) => {
    const { step, procedure, application, results } = input;
    const lookup = step.system === 'resident-registry' ? STANDARD_LOOKUPS[step.name] : undefined;
    if (lookup) return lookup(input);
    const mapping = mappings.get(step.system ?? '', procedure.id);
    if (!mapping) throw new InputError('mapping-missing', `There is no mapping for ${procedure.id} to ${step.system}.`);
    const steps = Object.fromEntries(Object.entries(results).map(([name, result]) => [name, { result }]));
    const mapped = applyMapping(mapping, {
      form: application.form,
      steps,
      application: { id: application.id, receivedAt: application.createdAt, receivedOn: tokyoDateOf(application.createdAt) },
    });
    const record = mapped['record'];
    return { operation: mapping.operation, record: record !== null && typeof record === 'object' ? (record as Record<string, unknown>) : mapped };
  };
}
