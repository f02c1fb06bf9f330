import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  GatewayError,
  GoneError,
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentError,
  RequestTimeoutError,
  RateLimitedError,
  RetryLaterError,
  SignatureError,
  UnavailableError,
  UnsupportedMediaTypeError,
  UpstreamError,
  type InputIssue,
} from '../errors.js';
import { findProblemType } from './problem-types/registry.js';

/** RFC 9457 problem details as the gateway sends them. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request id: quote it when reporting a problem. */
  instance: string;
  errors?: InputIssue[];
  [extension: string]: unknown;
}

export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: ProblemBody;
}

/** Problem type URIs are relative references, documented at `GET /problems/{code}`. */
export function problemType(code: string): string {
  return `/problems/${code}`;
}

/** The one table from domain error classes to HTTP statuses. Order matters: first match wins. */
const STATUS_BY_CLASS: [abstract new (...args: never[]) => GatewayError, number][] = [
  [AuthenticationError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [GoneError, 410],
  [RequestTimeoutError, 408],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [SignatureError, 422],
  [PaymentError, 422],
  [UnavailableError, 503],
  [UpstreamError, 502],
];

function statusOf(error: GatewayError): number {
  if (error instanceof InputError) return error.semantic ? 422 : 400;
  for (const [errorClass, status] of STATUS_BY_CLASS) if (error instanceof errorClass) return status;
  return 500;
}

/**
 * The problem type's title from its table entry: throw sites give only the
 * code, so a title cannot drift from its documentation. A code missing from
 * the table (test/http/problem-types.test.ts fails for that) is its own title.
 */
function titleOf(code: string): string {
  return findProblemType(code)?.title ?? code;
}

/** Turns any thrown value into problem details; unknown errors reveal only the request id. */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  if (!(error instanceof GatewayError) || statusOf(error) === 500) {
    return {
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: problemType('internal-error'),
        title: 'Internal error',
        status: 500,
        detail: `An internal error occurred. Quote request id ${requestId} when reporting it.`,
        instance: requestId,
      },
    };
  }
  const status = statusOf(error);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (error instanceof RetryLaterError) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (error instanceof AuthenticationError) headers['www-authenticate'] = 'Bearer realm="kakehashi"';
  // The rest of a stalled body may still come: the connection cannot carry another request.
  if (error instanceof RequestTimeoutError) headers.connection = 'close';
  const body: ProblemBody = {
    ...error.extensions,
    type: problemType(error.code),
    title: titleOf(error.code),
    status,
    detail: error.message,
    instance: requestId,
  };
  if (error instanceof InputError && error.issues.length > 0) body.errors = error.issues;
  return { status, headers, body };
}

/** The code at the end of the problem `type` that `toProblem` gives `error`: its own code, or `internal-error`. */
export function problemCodeOf(error: unknown): string {
  return error instanceof GatewayError && statusOf(error) !== 500 ? error.code : 'internal-error';
}
