import { collectDefaultMetrics, Registry } from 'prom-client';

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, heap, event-loop lag, GC, handles),
 * collected once per process: `collectDefaultMetrics` starts an event-loop
 * delay monitor and a GC observer that can never be stopped, so one set per
 * gateway would pile up in a process that starts several.
 */
function processMetricsRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * A registry of its own for one gateway, never prom-client's global default:
 * two gateways in one process keep their own counts. The process metrics are
 * shared, as the process is.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  const shared = processMetricsRegistry();
  for (const { name } of shared.getMetricsAsArray()) registry.registerMetric(shared.getSingleMetric(name)!);
  return registry;
}
