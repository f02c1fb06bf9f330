/** A closed-loop HTTP load: `concurrency` workers, each sending its next request when the last answered. */
export interface LoadResult {
  requests: number;
  okResponses: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function runLoad(options: {
  concurrency: number;
  seconds: number;
  send: (n: number) => Promise<Response>;
  expectStatus: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      const response = await options.send(next++);
      await response.arrayBuffer();
      latencies.push(performance.now() - sentAt);
      if (response.status === options.expectStatus) ok++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, okResponses: ok, seconds, perSecond: ok / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
