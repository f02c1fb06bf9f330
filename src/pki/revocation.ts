import { readFile } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { ParsedCertificate } from './certificate.js';
import { isCrlSignedBy, parseCrl, type ParsedCrl, type RevocationEntry } from './crl.js';
import { revocationUnavailable } from './errors.js';
import { pemToDer } from './pem.js';

/** Where a CRL comes from: a file (dev, air-gapped copies) or an HTTP(S) URL (the CRL distribution point). */
export type CrlSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface RevocationOptions {
  sources: CrlSource[];
  fetch: typeof fetch;
  clock: () => Date;
  logger?: Logger;
  /** A failed or pointless reload is not retried sooner than this (also the Retry-After). Default 60. */
  minRefreshSeconds?: number;
  /** A CRL older than this is reloaded in the background while still used. Default 3600. */
  maxAgeSeconds?: number;
  /** Per HTTP fetch. Default 10 000. */
  fetchTimeoutMs?: number;
}

/** Answers whether a certificate is revoked, from cached CRLs. */
export interface RevocationChecker {
  /** null when not revoked. Throws UnavailableError `revocation-unavailable` when it cannot decide. */
  check(certificate: ParsedCertificate, issuer: ParsedCertificate): Promise<RevocationEntry | null>;
  /** True when every source holds a CRL still before its nextUpdate. Starts the loads that are due without waiting for them. */
  isCurrent(): boolean;
}

const MAX_CRL_BYTES = 20 * 1024 * 1024;

interface SourceState {
  source: CrlSource;
  crl: ParsedCrl | null;
  loadedAt: number;
  lastAttemptAt: number;
  loading: Promise<void> | null;
  /** Fingerprints of issuer certificates whose key verified this CRL. */
  verifiedBy: Set<string>;
}

const describe = (source: CrlSource): string => (source.kind === 'file' ? `file ${source.path}` : `url ${source.url}`);

function decodeCrl(bytes: Buffer): ParsedCrl {
  const text = bytes.subarray(0, 32).toString('latin1');
  return parseCrl(text.startsWith('-----BEGIN') ? pemToDer(bytes.toString('latin1'), 'X509 CRL') : bytes);
}

/**
 * CRL-based revocation checking. CRLs are loaded on first use, kept parsed,
 * reloaded when their nextUpdate passes (at most once per
 * `minRefreshSeconds`), and a CRL is used only after its signature verified
 * against the certificate's issuer. Anything undecidable is INDETERMINATE:
 * it throws `revocation-unavailable`, never answers "not revoked".
 */
export function createRevocationChecker(options: RevocationOptions): RevocationChecker {
  const minRefreshMs = (options.minRefreshSeconds ?? 60) * 1000;
  const maxAgeMs = (options.maxAgeSeconds ?? 3600) * 1000;
  const states: SourceState[] = options.sources.map((source) => ({
    source,
    crl: null,
    loadedAt: 0,
    lastAttemptAt: Number.NEGATIVE_INFINITY,
    loading: null,
    verifiedBy: new Set(),
  }));

  async function fetchBytes(source: CrlSource): Promise<Buffer> {
    if (source.kind === 'file') return readFile(source.path);
    const response = await options.fetch(source.url, { signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_CRL_BYTES) throw new Error('CRL too large');
    return bytes;
  }

  function load(state: SourceState): Promise<void> {
    state.loading ??= (async () => {
      state.lastAttemptAt = options.clock().getTime();
      try {
        const crl = decodeCrl(await fetchBytes(state.source));
        if (state.crl && crl.thisUpdate < state.crl.thisUpdate) throw new Error('older than the CRL already held');
        state.crl = crl;
        state.loadedAt = options.clock().getTime();
        state.verifiedBy = new Set();
        options.logger?.info({ source: describe(state.source), crlNumber: crl.crlNumber, nextUpdate: crl.nextUpdate?.toISOString() }, 'CRL loaded');
      } catch (error) {
        options.logger?.warn({ source: describe(state.source), err: error instanceof Error ? error.message : String(error) }, 'CRL could not be loaded');
      } finally {
        state.loading = null;
      }
    })();
    return state.loading;
  }

  const isStale = (crl: ParsedCrl, now: number): boolean => crl.nextUpdate === null || now > crl.nextUpdate.getTime();
  const mayRetry = (state: SourceState, now: number): boolean => now - state.lastAttemptAt >= minRefreshMs;
  const retryAfter = (state: SourceState, now: number): number => Math.max(1, Math.ceil((state.lastAttemptAt + minRefreshMs - now) / 1000));

  /** Starts the loads that are due; resolves when the blocking ones are done, or returns null when none block. */
  function ensureLoaded(now: number): Promise<void[]> | null {
    let pending: Array<Promise<void>> | null = null;
    for (const state of states) {
      if (!mayRetry(state, now)) continue;
      if (state.crl === null || isStale(state.crl, now)) (pending ??= []).push(load(state));
      else if (now - state.loadedAt > maxAgeMs) void load(state);
    }
    return pending && Promise.all(pending);
  }

  return {
    async check(certificate, issuer) {
      let now = options.clock().getTime();
      const loading = ensureLoaded(now);
      if (loading) {
        await loading;
        now = options.clock().getTime();
      }
      const candidates = states.filter((state) => state.crl?.issuerDer.equals(certificate.issuerDer));
      if (candidates.length === 0) {
        const waiting = states.find((state) => state.crl === null);
        throw revocationUnavailable(
          'No current CRL covers the signer certificate\u2019s issuer.',
          waiting ? retryAfter(waiting, now) : Math.ceil(minRefreshMs / 1000),
        );
      }
      for (const state of candidates) {
        const crl = state.crl as ParsedCrl;
        if (!state.verifiedBy.has(issuer.fingerprint)) {
          if (!isCrlSignedBy(crl, issuer)) continue;
          state.verifiedBy.add(issuer.fingerprint);
        }
        if (isStale(crl, now)) {
          throw revocationUnavailable(
            `The CRL is past its nextUpdate (${crl.nextUpdate?.toISOString() ?? 'none'}) and no newer one could be loaded.`,
            retryAfter(state, now),
          );
        }
        return crl.revoked.get(certificate.serialHex) ?? null;
      }
      options.logger?.warn({ issuer: issuer.subjectText }, 'CRL signature did not verify against the issuer');
      throw revocationUnavailable('No CRL signed by the signer certificate\u2019s issuer is available.', Math.ceil(minRefreshMs / 1000));
    },
    isCurrent() {
      const now = options.clock().getTime();
      void ensureLoaded(now);
      return states.every((state) => state.crl !== null && !isStale(state.crl, now));
    },
  };
}
