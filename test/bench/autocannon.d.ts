/** The part of autocannon's programmatic API the benches use (the package ships no types). */
declare module 'autocannon' {
  /** One request autocannon sends; `setupRequest` may rewrite it before each send. */
  export interface RequestOptions {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  export interface Options {
    url: string;
    method?: string;
    connections?: number;
    duration?: number;
    idReplacement?: boolean;
    headers?: Record<string, string>;
    body?: string;
    requests?: { setupRequest?: (request: RequestOptions) => RequestOptions }[];
  }
  export interface Result {
    duration: number;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    latency: { p50: number; p99: number };
  }
  export default function autocannon(options: Options): Promise<Result>;
}
