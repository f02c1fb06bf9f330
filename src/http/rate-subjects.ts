import type { RatePolicy } from '../rate-limit/gcra.js';
import { clientAddress } from './client-address.js';
import type { RateSubjectOf } from './rate-limit.js';

/** One bucket per authenticated client, under the client's policy. Goes after requireRole. */
export function perClient(policyOf: (clientId: string) => RatePolicy | undefined): RateSubjectOf {
  return (c) => {
    const caller = c.get('caller')!;
    const policy = policyOf(caller.id);
    return policy && { key: caller.id, policy };
  };
}

/** One bucket per authenticated client, and one per client address for anonymous callers. */
export function perCallerOrAddress(policy: RatePolicy | undefined, trustedProxies: ReadonlySet<string>): RateSubjectOf {
  return (c) => {
    if (!policy) return undefined;
    const caller = c.get('caller');
    if (caller) return { key: `client:${caller.id}`, policy };
    const address = clientAddress(c, trustedProxies);
    return address === undefined ? undefined : { key: `address:${address}`, policy };
  };
}
