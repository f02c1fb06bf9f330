import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerJobGauge } from '../../src/metrics/job-metrics.js';
import type { JobCounts } from '../../src/store/types.js';
import { parseExposition } from '../support/exposition.js';
import { capturingLogger } from '../support/runner-harness.js';

describe('job gauge', () => {
  it('reads the counts at each scrape, and leaves them out with a warning while the store does not answer', async () => {
    const registry = new Registry();
    const { logger, lines } = capturingLogger();
    let countJobs = (): Promise<JobCounts> => Promise.resolve({ ready: 2, leased: 1, waiting: 0, dead: 3 });
    registerJobGauge(registry, { countJobs: () => countJobs() }, logger);
    const jobSamples = async () => parseExposition(await registry.metrics()).filter((sample) => sample.name === 'kakehashi_jobs');

    expect(await jobSamples()).toEqual([
      { name: 'kakehashi_jobs', labels: { state: 'ready' }, value: 2 },
      { name: 'kakehashi_jobs', labels: { state: 'leased' }, value: 1 },
      { name: 'kakehashi_jobs', labels: { state: 'waiting' }, value: 0 },
      { name: 'kakehashi_jobs', labels: { state: 'dead' }, value: 3 },
    ]);
    countJobs = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(await jobSamples()).toEqual([]);
    expect(lines().filter((line) => line.includes('job counts left out of the metrics'))).toHaveLength(1);
  });
});
