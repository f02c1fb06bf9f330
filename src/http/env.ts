import type { ClientRole } from '../config.js';
import type { Logger } from '../logger.js';
import type { RequestLogFields } from './request-context.js';

/** An authenticated API client. */
export interface Caller {
  id: string;
  role: ClientRole;
}

/** Hono environment of the gateway's app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    caller: Caller | undefined;
    /** How long a request body may stop arriving before the gateway answers 408 (`http.timeouts.bodyIdleMs`). */
    bodyIdleMs: number | undefined;
    /** What the request log names the path by, when the path itself must not be logged (see log-path.ts). */
    logPath: string | undefined;
    /** What a route adds to the request's one log line (ids, never personal data; see request-context.ts). */
    requestLogFields: RequestLogFields | undefined;
  };
}
