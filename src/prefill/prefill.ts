/**
 * A prefill: the resident signed a challenge with the 利用者証明用 certificate;
 * the gateway uses the challenge up, verifies the signature (chain, validity,
 * revocation), asks the resident register who holds that certificate, and
 * answers the register's facts mapped onto the fields the procedure declares.
 * Every answered prefill is an audit entry (client, procedure, kinds of fact)
 * appended before the facts are returned; never a value.
 */
import { randomUUID } from 'node:crypto';
import type { ResidentRegistryAdapter } from '../../adapters/resident-registry/index.js';
import type { AuditEvent, AuditEntry } from '../store/audit-types.js';
import { SignatureError, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SignatureVerifier } from '../pki/verify-signature.js';
import type { PrefillChallengeStore } from '../store/parts/prefill-challenge-store.js';
import { issueChallenge, takeChallenge, type IssuedChallenge } from './challenges.js';
import type { PrefillMappings } from './check-prefill.js';
import { fillForm, type FilledForm } from './fill-form.js';
import { prefillNotOffered, registryUnavailable, residentNotFound } from './prefill-errors.js';

/** A checked prefill request. */
export interface PrefillRequest {
  procedureId: string;
  challenge: string;
  /** Detached CMS over the challenge text, base64. */
  signature: { format: 'cms-detached'; value: string };
}

export interface PrefillResult extends FilledForm {
  procedureId: string;
}

export interface PrefillOptions {
  store: PrefillChallengeStore & { appendAudit(event: AuditEvent): Promise<AuditEntry> };
  verifier: Pick<SignatureVerifier, 'authenticate'>;
  registry: Pick<ResidentRegistryAdapter, 'findByAuthenticationSerial' | 'householdMembers'>;
  mappings: PrefillMappings;
  /** Longest wait for the register, for both lookups together. */
  registryTimeoutMs: number;
  /** Retry-After when the register is unavailable. */
  retryAfterSeconds: number;
  clock: () => Date;
  logger: Logger;
}

export class Prefill {
  constructor(private readonly options: PrefillOptions) {}

  challenge(clientId: string): Promise<IssuedChallenge> {
    return issueChallenge(this.options.store, clientId, this.options.clock());
  }

  async fill(clientId: string, request: PrefillRequest): Promise<PrefillResult> {
    const { store, verifier, mappings, clock } = this.options;
    const prefill = mappings.get(request.procedureId);
    if (!prefill) throw prefillNotOffered(request.procedureId);
    await takeChallenge(store, request.challenge, clientId, clock());
    let serial: string;
    try {
      ({ serial } = await verifier.authenticate(Buffer.from(request.challenge, 'utf8'), request.signature.value));
    } catch (error) {
      // the verifier's refusals are about the signature; say which field
      if (error instanceof SignatureError) Object.assign(error.extensions, { pointer: '/signature/value' });
      throw error;
    }
    const needsHousehold = prefill.household !== undefined;
    const { resident, household } = await this.lookUp(serial, needsHousehold);
    const filled = fillForm(prefill, resident, household);
    await store.appendAudit({
      at: clock().toISOString(),
      actor: { kind: 'client', id: clientId, role: 'frontend' },
      action: 'prefill.lookup',
      target: { type: 'procedure', id: request.procedureId },
      reason: `facts: ${filled.facts.join(', ') || 'none'}`,
    });
    return { procedureId: request.procedureId, ...filled };
  }

  private async lookUp(authSerial: string, needsHousehold: boolean) {
    const { registry, registryTimeoutMs, retryAfterSeconds, clock, logger } = this.options;
    const context = { signal: AbortSignal.timeout(registryTimeoutMs), log: logger, now: clock };
    const lookup = { messageId: randomUUID() };
    try {
      const resident = await registry.findByAuthenticationSerial(authSerial, context, lookup);
      if (!resident || resident.status !== '住民') throw residentNotFound();
      const household = needsHousehold ? await registry.householdMembers(resident.setaiNumber, context, { messageId: randomUUID() }) : null;
      return { resident, household };
    } catch (error) {
      if (error instanceof UpstreamError && error.retryable) throw registryUnavailable(error, retryAfterSeconds);
      throw error;
    }
  }
}
