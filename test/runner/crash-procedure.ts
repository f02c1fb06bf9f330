import { procedureWith } from '../support/runner-harness.js';

/** The systems of the crash test's route. */
export const CRASH_SYSTEMS = ['resident-registry', 'tax', 'welfare'] as const;

/** Three requests in a row, one per system: every application makes three messages. */
export const CRASH_PROCEDURE = procedureWith('crash-test', [
  { name: 'find-resident', action: 'request', system: 'resident-registry' },
  { name: 'tax-record', action: 'request', system: 'tax' },
  { name: 'welfare-notice', action: 'request', system: 'welfare' },
]);
