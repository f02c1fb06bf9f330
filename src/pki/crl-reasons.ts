/** CRL reason codes (RFC 5280 §5.3.1), by code. */
export const CRL_REASONS: ReadonlyMap<number, string> = new Map([
  [0, 'unspecified'],
  [1, 'keyCompromise'],
  [2, 'cACompromise'],
  [3, 'affiliationChanged'],
  [4, 'superseded'],
  [5, 'cessationOfOperation'],
  [6, 'certificateHold'],
  [8, 'removeFromCRL'],
  [9, 'privilegeWithdrawn'],
  [10, 'aACompromise'],
]);

/** JPKI revokes a signing certificate when the holder's address or name changes: affiliationChanged. */
export const REASON_AFFILIATION_CHANGED = 3;
