import { Counter, type Registry } from 'prom-client';
import type { StepObserver } from '../runner/step-observer.js';

/** A step observer that counts the route runner's step runs by system and outcome. */
export function createRouteStepMetrics(registry: Registry): StepObserver {
  const steps = new Counter({
    name: 'kakehashi_route_steps_total',
    help: 'Route step runs by system (or built-in action) and outcome: completed, waiting, rejected, deferred, retried, dead-lettered, deadline-missed, lease-lost, store-error',
    labelNames: ['system', 'outcome'],
    registers: [registry],
  });
  return (system, outcome) => steps.inc({ system, outcome });
}
