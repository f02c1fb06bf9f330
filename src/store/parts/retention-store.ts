/** The store part for the retention purge (see src/retention/README.md). */
export interface RetentionStore {
  /**
   * Ids of applications of `procedureId` whose terminal status (the latest
   * timeline entry, when it set a terminal status: see `TERMINAL_STATUSES`)
   * was reached at or before `terminalBefore`, not yet purged, oldest first.
   */
  listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]>;
  /**
   * Removes an application's personal data, atomically, if it is still as
   * `listRetentionEnded` found it (terminal at or before `terminalBefore`,
   * not purged); false otherwise. Kept: the application's id, procedure,
   * client, status, dates, access-token hash, claims, the timeline without
   * details, deliveries without their last error, and each certificate's
   * id, type, hash, signature, dates and revocation, and the review without
   * its reason (state, ward, approvals and dates kept; `version` + 1).
   * Removed: form, identity, payment and issuance data, every job (dead
   * letters and step payloads) with any dead-letter request waiting for
   * approval, the idempotency record of the submission, the review's
   * `reason`, certificate documents and pickups. Sets `purgedAt = now` on the
   * application and its certificates.
   */
  purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean>;
  /**
   * After purges: makes what they removed unrecoverable from the store's own
   * files. SQLite checkpoints its write-ahead log into the (securely deleted)
   * database and truncates it; Redis has nothing to do here (its append-only
   * file is the server's: see the store README).
   */
  compactAfterPurge(): Promise<void>;
}
