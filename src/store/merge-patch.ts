/**
 * Shallow-merges `patch` into `base`, the rule `updateApplication` follows
 * for identity/payment/issuance: keys of the patch replace keys of the base,
 * a null base counts as empty. Spread (not Object.assign) keeps a `__proto__`
 * key as plain data instead of changing the prototype.
 */
export function mergeRecord(base: Record<string, unknown> | null, patch: Record<string, unknown>): Record<string, unknown> {
  return { ...(base ?? {}), ...patch };
}
