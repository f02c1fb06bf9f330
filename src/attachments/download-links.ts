import { createHmac, timingSafeEqual } from 'node:crypto';
import { GoneError, NotFoundError } from '../errors.js';
import type { AttachmentRecord, AttachmentStore } from '../store/parts/attachment-store.js';

/** How long a claim-check link works: long enough for a core system's retries of one delivery attempt. */
export const DOWNLOAD_LINK_TTL_MS = 24 * 3600 * 1000;

/** What a core system gets instead of the bytes: the upload's id and digest, and a signed link that expires. */
export interface ClaimCheck {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  /** Absolute when the gateway knows its public URL, else a path. */
  url: string;
  expiresAt: string;
}

/**
 * Signed, expiring download links of referenced uploads
 * (`/v1/attachments/{id}/content?expires=<ms>&signature=<HMAC>`). The HMAC
 * key is derived from the access-token secret, so no new secret is to be
 * configured; the signature covers the id, the digest and the expiry, so a
 * link cannot be stretched or pointed at other bytes.
 */
export class DownloadLinks {
  readonly #key: Buffer;

  constructor(
    secret: string,
    private readonly store: AttachmentStore,
    private readonly baseUrl: string,
    private readonly clock: () => Date,
  ) {
    this.#key = createHmac('sha256', secret).update('kakehashi attachment download links v1').digest();
  }

  /**
   * The claim check of an upload an application's form references, or
   * undefined unless it is a referenced upload of the application's client
   * with that digest (a link is never made for someone else's file).
   */
  async claimCheck(reference: { id: string; sha256: string }, application: { clientId: string }): Promise<ClaimCheck | undefined> {
    const upload = await this.store.getAttachment(reference.id);
    if (!upload || upload.referencedBy === null || upload.clientId !== application.clientId || upload.sha256 !== reference.sha256) return undefined;
    const expires = this.clock().getTime() + DOWNLOAD_LINK_TTL_MS;
    const query = `expires=${expires}&signature=${this.#sign(upload.id, upload.sha256, expires)}`;
    return {
      id: upload.id,
      sha256: upload.sha256,
      size: upload.size,
      mediaType: upload.mediaType,
      url: `${this.baseUrl}/v1/attachments/${encodeURIComponent(upload.id)}/content?${query}`,
      expiresAt: new Date(expires).toISOString(),
    };
  }

  /** The upload a link names when its signature holds and it has not expired; a 404 or 410 otherwise. */
  async resolve(id: string, expires: string | undefined, signature: string | undefined): Promise<AttachmentRecord> {
    const invalid = new NotFoundError('attachment-link-invalid', 'This link was not made by the gateway, or was changed.');
    const expiresMs = /^[0-9]{1,15}$/.test(expires ?? '') ? Number(expires) : NaN;
    const upload = Number.isNaN(expiresMs) || signature === undefined ? null : await this.store.getAttachment(id);
    if (!upload || upload.referencedBy === null) throw invalid;
    const expected = Buffer.from(this.#sign(upload.id, upload.sha256, expiresMs));
    const given = Buffer.from(signature ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    if (expiresMs <= this.clock().getTime()) throw new GoneError('attachment-link-expired', 'Ask for the delivery again: each delivery attempt carries fresh links.');
    return upload;
  }

  #sign(id: string, sha256: string, expiresMs: number): string {
    return createHmac('sha256', this.#key).update(`${id}\n${sha256}\n${expiresMs}`).digest('base64url');
  }
}
