import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens let a resident follow their own application. A token is derived
 * from the application id with HMAC-SHA256 under the gateway's secret, so an
 * idempotent replay can hand out the same token again; the store keeps only the
 * token's SHA-256 hash, so a copy of the database does not reveal any token.
 */
export class AccessTokens {
  readonly #secret: Buffer;

  constructor(secret: string) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  /** The token of an application. */
  tokenFor(applicationId: string): string {
    return `kat_${createHmac('sha256', this.#secret).update(`access-token:${applicationId}`).digest('base64url')}`;
  }

  /** What the store keeps. */
  static hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }

  /** Constant-time check of a presented token against the stored hash. */
  static matches(presented: string, storedHash: string): boolean {
    const presentedHash = Buffer.from(AccessTokens.hash(presented), 'hex');
    const stored = Buffer.from(storedHash, 'hex');
    return stored.length === presentedHash.length && timingSafeEqual(stored, presentedHash);
  }
}
