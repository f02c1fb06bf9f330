/**
 * The certificate cannot be issued on its merits (未申告, the person has
 * moved out, an item asked for is not available). Not a failure to retry:
 * the issuing step ends the application `rejected` with `reason`.
 */
export class CertificateNotIssuable extends Error {
  /** For people, Japanese then English (`… / …`). Never personal data. */
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'CertificateNotIssuable';
    this.reason = reason;
  }
}
