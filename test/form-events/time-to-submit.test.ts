import { describe, expect, it } from 'vitest';
import { medianFromHistogram, timeToSubmitBucket } from '../../src/form-events/time-to-submit.js';

function histogramOf(seconds: number[]): Map<string, number> {
  const histogram = new Map<string, number>();
  for (const value of seconds) histogram.set(timeToSubmitBucket(value), (histogram.get(timeToSubmitBucket(value)) ?? 0) + 1);
  return histogram;
}

describe('the median time to submit, from a histogram', () => {
  it('puts a duration in the first bucket whose upper bound holds it', () => {
    expect(timeToSubmitBucket(0)).toBe('15');
    expect(timeToSubmitBucket(15)).toBe('15');
    expect(timeToSubmitBucket(15.5)).toBe('30');
    expect(timeToSubmitBucket(86_400)).toBe('86400');
    expect(timeToSubmitBucket(86_401)).toBe('inf');
  });

  it('is null without submits', () => {
    expect(medianFromHistogram(new Map())).toBeNull();
  });

  it('stays within one bucket width of the true median', () => {
    const samples = [50, 70, 80, 95, 100, 110, 130, 200, 250, 400, 700, 1300, 4000];
    const trueMedian = 130;
    const estimate = medianFromHistogram(histogramOf(samples))!;
    // 130 s lies in the bucket 120–180 s
    expect(estimate).toBeGreaterThanOrEqual(120);
    expect(estimate).toBeLessThanOrEqual(180);
    expect(Math.abs(estimate - trueMedian)).toBeLessThanOrEqual(60);
  });

  it('says no more than "beyond the last bound" when half the sessions took longer than a day', () => {
    expect(medianFromHistogram(histogramOf([10, 90_000, 100_000]))).toBe(86_400);
  });
});
