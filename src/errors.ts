/**
 * Domain errors. Code below `src/http/` and in `adapters/` throws these, never
 * HTTP exceptions; `src/http/problem.ts` is the one table that turns them into
 * RFC 9457 problem details. The class decides the HTTP status, the `code` is
 * the stable problem type slug (kebab-case, never changed once published).
 * A throw site gives only the code and the detail: the title is the code's
 * entry in the problem-type table (`src/http/problem-types/`), written once
 * there so the two can never disagree.
 */

/** One invalid input item, located by a JSON Pointer into the request. */
export interface InputIssue {
  /** RFC 6901 JSON Pointer into the request body (or a header name, e.g. `header:Idempotency-Key`). */
  pointer: string;
  /** Stable machine-readable code, e.g. `required`, `too-long`, `invalid-check-digit`. */
  code: string;
  /** Human-readable message; never contains the submitted value when it may be personal data. */
  message: string;
}

/** Base class: every error the gateway raises on purpose. */
export abstract class GatewayError extends Error {
  /** Stable problem type slug. */
  readonly code: string;
  /** Extra members for the problem body (must never hold personal data). */
  readonly extensions: Record<string, unknown>;

  constructor(code: string, detail: string, options: { cause?: unknown; extensions?: Record<string, unknown> } = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.extensions = options.extensions ?? {};
  }
}

/** The request is malformed or its content is invalid (400, or 422 with `semantic`). */
export class InputError extends GatewayError {
  readonly issues: InputIssue[];
  /** true: well-formed but semantically invalid (422); false: malformed (400). */
  readonly semantic: boolean;
  constructor(code: string, detail: string, issues: InputIssue[] = [], options: { semantic?: boolean; cause?: unknown } = {}) {
    super(code, detail, { cause: options.cause });
    this.issues = issues;
    this.semantic = options.semantic ?? true;
  }
}

/** No or unknown credentials (401). */
export class AuthenticationError extends GatewayError {}

/** Known caller, not allowed to do this (403). Prefer NotFoundError where existence must not leak. */
export class ForbiddenError extends GatewayError {}

/** The thing does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends GatewayError {}

/** The thing existed but is gone for good, e.g. removed after its retention period (410). */
export class GoneError extends GatewayError {}

/** Conflicts with current state: idempotency key in flight, replayed signature, used payment (409). */
export class ConflictError extends GatewayError {}

/** The identity evidence (JPKI signature, certificate) is not acceptable (422). */
export class SignatureError extends GatewayError {}

/** The payment does not satisfy the fee (422). */
export class PaymentError extends GatewayError {}

/** The request body is larger than allowed (413). */
export class PayloadTooLargeError extends GatewayError {}

/** The client stopped sending the request body before it was complete (408; the connection is closed). */
export class RequestTimeoutError extends GatewayError {}

/** The request body's media type is not accepted (415). */
export class UnsupportedMediaTypeError extends GatewayError {}

/** A refusal the caller may try again after `retryAfterSeconds` (sent as Retry-After). */
export abstract class RetryLaterError extends GatewayError {
  readonly retryAfterSeconds: number;
  constructor(code: string, detail: string, retryAfterSeconds: number, options: { cause?: unknown } = {}) {
    super(code, detail, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Cannot decide now; try again later (503 with Retry-After). */
export class UnavailableError extends RetryLaterError {}

/** The caller sent more requests than its rate limit allows (429 with Retry-After). */
export class RateLimitedError extends RetryLaterError {}

/** A core system failed. `retryable` tells the route runner whether to try again. */
export class UpstreamError extends GatewayError {
  readonly system: string;
  readonly retryable: boolean;
  constructor(system: string, retryable: boolean, code: string, detail: string, options: { cause?: unknown } = {}) {
    super(code, detail, { ...options, extensions: { system } });
    this.system = system;
    this.retryable = retryable;
  }
}

/** A configuration, catalog or mapping file is invalid. Stops the start. */
export class ConfigurationError extends GatewayError {
  /** The file concerned, when there is one. */
  readonly file: string | undefined;
  /** The path inside the file (JSON Pointer-like), when known. */
  readonly path: string | undefined;
  constructor(detail: string, where: { file?: string; path?: string } = {}, options: { cause?: unknown } = {}) {
    const location = [where.file, where.path].filter(Boolean).join(' at ');
    super('configuration-invalid', location ? `${location}: ${detail}` : detail, options);
    this.file = where.file;
    this.path = where.path;
  }
}
