import type { FieldChange } from './charset-policy.js';

/**
 * The `notes` of a delivery outcome: one line for an application's timeline about characters a degrade table
 * replaced on the way to `system`: code points and field pointers only, never
 * the text itself (it is personal data).
 */
export function charsetChangeNote(system: string, changes: readonly FieldChange[]): { notes?: string[] } {
  if (changes.length === 0) return {};
  const listed = changes.map((change) => `${change.from} → ${change.to || '(dropped)'} at ${change.pointer}`);
  return { notes: [`Characters ${system} cannot hold were replaced: ${listed.join(', ')}`] };
}
