import { Counter, Histogram, type Registry } from 'prom-client';

/** Methods labelled by name; any other is `other`, so a client cannot make up label values. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** From a cached GET (about a millisecond) to a submission waiting on a slow revocation or payment check. */
const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request that matched no route of its own: a 404, a 405, a CORS preflight. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Requests answered, and how long they took, by method and route pattern. */
export class HttpMetrics {
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;

  constructor(registry: Registry) {
    this.#requests = new Counter({
      name: 'kakehashi_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.#duration = new Histogram({
      name: 'kakehashi_http_request_duration_seconds',
      help: 'Time from receiving a request to its response, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers: [registry],
    });
  }

  /** Counts one answered request. `route` is the pattern it matched or {@link UNMATCHED_ROUTE}, never its path. */
  record(method: string, route: string, status: number, seconds: number): void {
    const methodLabel = METHODS.has(method) ? method : 'other';
    this.#requests.inc({ method: methodLabel, route, status });
    this.#duration.observe({ method: methodLabel, route }, seconds);
  }
}
