/**
 * How the resident registry's failures become domain errors. The rule: the
 * route runner may retry what might succeed later (network, timeout, 5xx,
 * a reply that arrived broken), and must not retry what the registry refused.
 * Details name codes and statuses only, never the registry's message text,
 * which may quote personal data.
 */
import { UpstreamError } from '../../src/errors.js';

/** The system id of the resident registry. */
export const RESIDENT_REGISTRY_SYSTEM = 'resident-registry';

/** Stable codes of the UpstreamError this adapter throws. */
export const RESIDENT_REGISTRY_ERROR_CODES = {
  unreachable: 'resident-registry-unreachable',
  timeout: 'resident-registry-timeout',
  aborted: 'resident-registry-aborted',
  unavailable: 'resident-registry-unavailable',
  replyInvalid: 'resident-registry-reply-invalid',
  refused: 'resident-registry-refused',
  conflict: 'resident-registry-conflict',
  messageInvalid: 'resident-registry-message-invalid',
} as const;

/** Transport failure: connection refused or reset, socket closed mid-reply, timeout, cancellation. */
export function transportError(cause: unknown, reason: 'timeout' | 'aborted' | 'network'): UpstreamError {
  const code =
    reason === 'timeout' ? RESIDENT_REGISTRY_ERROR_CODES.timeout : reason === 'aborted' ? RESIDENT_REGISTRY_ERROR_CODES.aborted : RESIDENT_REGISTRY_ERROR_CODES.unreachable;
  const detail =
    reason === 'timeout'
      ? 'the resident registry did not answer in time'
      : reason === 'aborted'
        ? 'the exchange with the resident registry was cancelled'
        : 'the connection to the resident registry failed';
  return new UpstreamError(RESIDENT_REGISTRY_SYSTEM, true, code, detail, { cause });
}

/** A reply that is not the document the interface promises: not UTF-8, not XML, truncated, or wrong shape. */
export function invalidReplyError(status: number, cause: unknown): UpstreamError {
  return new UpstreamError(RESIDENT_REGISTRY_SYSTEM, true, RESIDENT_REGISTRY_ERROR_CODES.replyInvalid, `the resident registry sent an unreadable reply (HTTP ${status})`, { cause });
}

/**
 * An error status. 5xx and 429 are retryable; 409 (the resident is not in a
 * state that allows this, or a message id was reused) and other 4xx are
 * refusals. `registryCode` is the registry's own error code, when its body had one.
 */
export function statusError(status: number, registryCode: string | undefined): UpstreamError {
  const codeText = registryCode === undefined ? '' : ` ${registryCode}`;
  if (status >= 500 || status === 429 || status === 408) {
    return new UpstreamError(RESIDENT_REGISTRY_SYSTEM, true, RESIDENT_REGISTRY_ERROR_CODES.unavailable, `the resident registry failed: HTTP ${status}${codeText}`);
  }
  const code = status === 409 ? RESIDENT_REGISTRY_ERROR_CODES.conflict : RESIDENT_REGISTRY_ERROR_CODES.refused;
  return new UpstreamError(RESIDENT_REGISTRY_SYSTEM, false, code, `the resident registry refused the request: HTTP ${status}${codeText}`);
}

/** The outbound message cannot be turned into a request the registry would accept. */
export function messageInvalidError(detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError(RESIDENT_REGISTRY_SYSTEM, false, RESIDENT_REGISTRY_ERROR_CODES.messageInvalid, detail, { cause });
}
