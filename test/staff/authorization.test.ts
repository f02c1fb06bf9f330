import { describe, expect, it } from 'vitest';
import { allowedActions, isAllowed, STAFF_ACTIONS, type StaffAction } from '../../src/staff/authorization.js';
import type { StaffRole } from '../../src/staff/roles.js';

const KITA = '271276';
const MIYAKOJIMA = '271021';

/**
 * Every action × every role, in the staff member's own ward and in another:
 * ✓ allowed in both (city-wide), W allowed in the own ward only, · never.
 * A change to the matrix must change this table.
 */
const EXPECTED: Record<StaffAction, Record<StaffRole, '✓' | 'W' | '·'>> = {
  'view-queue':                 { clerk: 'W', approver: 'W', operator: '·', auditor: 'W', admin: '·' },
  'view-application':           { clerk: 'W', approver: 'W', operator: '·', auditor: 'W', admin: '·' },
  'view-personal-data':         { clerk: 'W', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'claim-review':               { clerk: 'W', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'approve-review':             { clerk: 'W', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'reject-review':              { clerk: 'W', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'return-for-correction':      { clerk: 'W', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'decide-escalated-review':    { clerk: '·', approver: 'W', operator: '·', auditor: '·', admin: '·' },
  'view-deliveries':            { clerk: '·', approver: '·', operator: '✓', auditor: '✓', admin: '✓' },
  'view-dead-letters':          { clerk: '·', approver: '·', operator: '✓', auditor: '✓', admin: '✓' },
  'request-dead-letter-action': { clerk: '·', approver: '·', operator: '✓', auditor: '·', admin: '·' },
  'approve-dead-letter-action': { clerk: '·', approver: '·', operator: '✓', auditor: '·', admin: '·' },
  'revoke-certificate':         { clerk: '·', approver: '·', operator: '·', auditor: '·', admin: '✓' },
  'view-audit-trail':           { clerk: '·', approver: '·', operator: '·', auditor: '✓', admin: '✓' },
  'export-audit-trail':         { clerk: '·', approver: '·', operator: '·', auditor: '✓', admin: '·' },
  'view-statistics':            { clerk: '·', approver: '·', operator: '✓', auditor: '✓', admin: '✓' },
};

const cases = (Object.keys(EXPECTED) as StaffAction[]).flatMap((action) =>
  (Object.keys(EXPECTED[action]) as StaffRole[]).map((role) => ({ action, role, expected: EXPECTED[action][role] })),
);

describe('the authorisation matrix (role × ward × action)', () => {
  it('covers every action of the matrix, and no other', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(STAFF_ACTIONS).sort());
  });

  it.each(cases)('$role: $action → $expected', ({ action, role, expected }) => {
    const staff = { roles: [role], wards: [KITA] };
    expect({ ownWard: isAllowed(staff, action, KITA), otherWard: isAllowed(staff, action, MIYAKOJIMA) }).toEqual({
      ownWard: expected !== '·',
      otherWard: expected === '✓',
    });
  });

  it('refuses a ward-bound action when no ward is named, even in the right role', () => {
    expect(isAllowed({ roles: ['clerk'], wards: [KITA] }, 'view-application')).toBe(false);
  });

  it('lets a staff member with two roles do what either role may', () => {
    const staff = { roles: ['clerk', 'operator'] as StaffRole[], wards: [KITA] };
    expect(isAllowed(staff, 'approve-review', KITA)).toBe(true);
    expect(isAllowed(staff, 'request-dead-letter-action')).toBe(true);
    expect(isAllowed(staff, 'view-audit-trail')).toBe(false);
  });

  it('offers a staff member without wards no ward-bound action', () => {
    expect(allowedActions({ roles: ['clerk'], wards: [] })).toEqual([]);
    expect(allowedActions({ roles: ['auditor'], wards: [] })).toEqual(['view-deliveries', 'view-dead-letters', 'view-audit-trail', 'export-audit-trail', 'view-statistics']);
  });
});
