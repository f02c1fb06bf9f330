import { Gauge, type Registry } from 'prom-client';
import type { BreakerState } from '../runner/circuit-breaker.js';

/**
 * Registers `kakehashi_circuit_breaker_open{system}`, read from `breakerStates`
 * at each scrape. Half-open counts as open: the system's deliveries still wait,
 * but for the one probe.
 */
export function registerCircuitBreakerGauge(registry: Registry, breakerStates: () => Record<string, BreakerState>): void {
  new Gauge({
    name: 'kakehashi_circuit_breaker_open',
    help: "1 while a core system's circuit breaker holds its deliveries back (open or half-open), 0 when closed",
    labelNames: ['system'],
    registers: [registry],
    collect() {
      for (const [system, state] of Object.entries(breakerStates())) this.set({ system }, state === 'closed' ? 0 : 1);
    },
  });
}
