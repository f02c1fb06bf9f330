import { canonicalBytes } from '../json/canonical-json.js';
import type { AuditCheckpoint } from '../store/audit-types.js';

/**
 * The bytes a checkpoint's signature covers: the RFC 8785 canonical JSON of
 * what it states (which day, which entry ends it, that entry's hash), so
 * anyone can rebuild them from the checkpoint and check the signature with
 * OpenSSL as for a certificate.
 */
export function checkpointStatement(checkpoint: Pick<AuditCheckpoint, 'day' | 'seq' | 'hash'>): Buffer {
  return canonicalBytes({ type: 'kakehashi-audit-checkpoint', day: checkpoint.day, seq: checkpoint.seq, hash: checkpoint.hash });
}
