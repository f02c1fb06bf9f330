/**
 * The refusals of a prefill, each a stable problem code naming the field of
 * the request it is about. Details never hold the challenge, the signature or
 * anything the registry holds.
 */
import { InputError, UnavailableError, UpstreamError } from '../errors.js';

const issue = (pointer: string, code: string, message: string) => [{ pointer, code, message }];

export function challengeUnknown(): InputError {
  return new InputError('prefill-challenge-unknown', 'The challenge was not issued by this gateway, or so long ago that it is forgotten.', issue('/challenge', 'unknown', 'Fetch a new challenge from GET /v1/prefill/challenge.'));
}

export function challengeOtherClient(): InputError {
  return new InputError('prefill-challenge-other-client', 'The challenge was issued to another API client; a challenge is good only for the client that fetched it.', issue('/challenge', 'other-client', 'Fetch a challenge with your own API key.'));
}

export function challengeUsed(): InputError {
  return new InputError('prefill-challenge-used', 'The challenge was used for a prefill already; each is good for one.', issue('/challenge', 'used', 'Fetch a new challenge and have the resident sign it.'));
}

export function challengeExpired(): InputError {
  return new InputError('prefill-challenge-expired', 'The challenge is more than five minutes old.', issue('/challenge', 'expired', 'Fetch a new challenge and have the resident sign it.'));
}

export function prefillNotOffered(procedureId: string): InputError {
  return new InputError('prefill-not-offered', `The procedure '${procedureId}' declares no fields the resident register fills.`, issue('/procedureId', 'not-offered', 'Let the resident fill the form.'));
}

export function residentNotFound(): InputError {
  return new InputError(
    'prefill-resident-not-found',
    'The resident register holds no current resident (住民) with this authentication certificate.',
    issue('/signature', 'resident-not-found', 'Let the resident fill the form; a resident of another municipality is not in this register.'),
  );
}

/** The registry failed in a way that may pass (down, timeout, broken reply): 503 with Retry-After. */
export function registryUnavailable(cause: UpstreamError, retryAfterSeconds: number): UnavailableError {
  return new UnavailableError('prefill-registry-unavailable', 'The resident register cannot answer now; fetch a new challenge and try again later.', retryAfterSeconds, { cause });
}
