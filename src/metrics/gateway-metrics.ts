import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { StepObserver } from '../runner/step-observer.js';
import type { Store } from '../store/types.js';
import { HttpMetrics } from './http-metrics.js';
import { registerJobGauge } from './job-metrics.js';
import { PickupLookupMetrics } from './pickup-lookup-metrics.js';
import { createMetricsRegistry } from './registry.js';
import { createRouteStepMetrics } from './route-step-metrics.js';
import { StoreMetrics } from './store-metrics.js';
import { SubmissionMetrics } from './submission-metrics.js';

/** One gateway's metrics: its registry, and what the HTTP app, intake, the route runner, the store's health and pickup lookups record into it. */
export interface GatewayMetrics {
  registry: Registry;
  http: HttpMetrics;
  submissions: SubmissionMetrics;
  onStepEnded: StepObserver;
  store: StoreMetrics;
  pickupLookups: PickupLookupMetrics;
}

/** Creates a gateway's registry with its counters, and the job gauge that asks `store` at each scrape. */
export function createGatewayMetrics(store: Store, logger: Logger): GatewayMetrics {
  const registry = createMetricsRegistry();
  registerJobGauge(registry, store, logger);
  return {
    registry,
    http: new HttpMetrics(registry),
    submissions: new SubmissionMetrics(registry),
    onStepEnded: createRouteStepMetrics(registry),
    store: new StoreMetrics(registry),
    pickupLookups: new PickupLookupMetrics(registry),
  };
}
