/**
 * Operational statistics as staff read them: per procedure, applications
 * received per day by the status they are in now and the median time from
 * received to completed; per core system, deliveries per day by state, the
 * failing (being retried) and dead (given up) ones apart.
 */
import type { LocalizedText } from '../catalog/procedure.js';
import type { ApplicationStatusCount, CompletionTime, DeliveryStateCount } from '../store/parts/operational-statistics-store.js';
import type { ApplicationStatus, DeliveryRecord } from '../store/types.js';

export type StatusCounts = Partial<Record<ApplicationStatus, number>>;
export type DeliveryState = DeliveryRecord['state'];
export type StateCounts = Partial<Record<DeliveryState, number>>;

export interface ProcedureStatistics {
  procedureId: string;
  title: LocalizedText | null;
  received: number;
  byStatus: StatusCounts;
  /** Applications received in the range that reached `completed` or `issued`. */
  completed: number;
  medianSecondsToComplete: number | null;
  days: { day: string; received: number; byStatus: StatusCounts }[];
}

export interface ApplicationStatistics {
  from: string;
  to: string;
  procedures: ProcedureStatistics[];
}

export interface SystemDeliveryStatistics {
  system: string;
  deliveries: number;
  /** `failed`: the last attempt failed and a retry is due. */
  failing: number;
  /** `dead`: retries given up, waiting in the dead letters. */
  dead: number;
  days: { day: string; deliveries: number; failing: number; dead: number; byState: StateCounts }[];
}

export interface DeliveryStatistics {
  from: string;
  to: string;
  systems: SystemDeliveryStatistics[];
}

/** The median of ascending numbers (the mean of the middle two for an even count), null for none. */
export function median(ascending: readonly number[]): number | null {
  if (ascending.length === 0) return null;
  const middle = Math.floor(ascending.length / 2);
  return ascending.length % 2 === 1 ? ascending[middle]! : (ascending[middle - 1]! + ascending[middle]!) / 2;
}

function add<K extends string>(counts: Partial<Record<K, number>>, key: K, count: number): void {
  counts[key] = (counts[key] ?? 0) + count;
}

export interface ApplicationStatisticsInput {
  from: string;
  to: string;
  /** Every procedure to report on, in the order shown, with its title; ids only found in the store are added after them. */
  procedures: { id: string; title: LocalizedText }[];
  counts: readonly ApplicationStatusCount[];
  completions: readonly CompletionTime[];
}

export function buildApplicationStatistics(input: ApplicationStatisticsInput): ApplicationStatistics {
  const byId = new Map<string, ProcedureStatistics>();
  const entry = (procedureId: string, title: LocalizedText | null): ProcedureStatistics => {
    let statistics = byId.get(procedureId);
    if (!statistics) {
      statistics = { procedureId, title, received: 0, byStatus: {}, completed: 0, medianSecondsToComplete: null, days: [] };
      byId.set(procedureId, statistics);
    }
    return statistics;
  };
  for (const procedure of input.procedures) entry(procedure.id, procedure.title);
  for (const count of input.counts) {
    const statistics = entry(count.procedureId, null);
    statistics.received += count.count;
    add(statistics.byStatus, count.status, count.count);
    let day = statistics.days.at(-1);
    if (day?.day !== count.day) {
      day = { day: count.day, received: 0, byStatus: {} };
      statistics.days.push(day);
    }
    day.received += count.count;
    add(day.byStatus, count.status, count.count);
  }
  for (const statistics of byId.values()) {
    const seconds = input.completions.filter((completion) => completion.procedureId === statistics.procedureId).map((completion) => completion.seconds);
    statistics.completed = seconds.length;
    statistics.medianSecondsToComplete = median(seconds);
  }
  return { from: input.from, to: input.to, procedures: [...byId.values()] };
}

export function buildDeliveryStatistics(from: string, to: string, counts: readonly DeliveryStateCount[]): DeliveryStatistics {
  const systems: SystemDeliveryStatistics[] = [];
  for (const count of counts) {
    let system = systems.at(-1);
    if (system?.system !== count.system) {
      system = { system: count.system, deliveries: 0, failing: 0, dead: 0, days: [] };
      systems.push(system);
    }
    let day = system.days.at(-1);
    if (day?.day !== count.day) {
      day = { day: count.day, deliveries: 0, failing: 0, dead: 0, byState: {} };
      system.days.push(day);
    }
    const failing = count.state === 'failed' ? count.count : 0;
    const dead = count.state === 'dead' ? count.count : 0;
    system.deliveries += count.count;
    system.failing += failing;
    system.dead += dead;
    day.deliveries += count.count;
    day.failing += failing;
    day.dead += dead;
    add(day.byState, count.state, count.count);
  }
  return { from, to, systems };
}
