import type { FeeDefinition, FeeExemption, Procedure } from '../../src/catalog/procedure.js';

/** A 住民票 procedure reduced to what fee checks read: its fee and exemptions (no form, no route). */
export function procedureWithFee(fee: FeeDefinition, feeExemptions: FeeExemption[] = []): Procedure {
  return {
    id: 'juminhyo-copy',
    title: { ja: '住民票の写しの交付請求', en: 'Certificate of residence' },
    identity: { kind: 'none' },
    fee,
    feeExemptions,
    issuanceMethods: ['electronic'],
    route: [],
    form: {} as unknown as Procedure['form'],
    retention: 'P5Y',
  };
}
