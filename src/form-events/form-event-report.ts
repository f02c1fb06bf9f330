/**
 * The drop-off report of one procedure over a range of days, built from the
 * store's counts: sessions started and submitted, the median time to submit
 * (from the histogram, see time-to-submit.ts), and per field of the form (in
 * form order) how many sessions reached it, left at it and had each
 * validation error there.
 */
import type { LocalizedText } from '../catalog/procedure.js';
import type { FormEventCount } from '../store/form-event-store.js';
import type { FormField } from './form-fields.js';
import { medianFromHistogram, TIME_TO_SUBMIT_BOUNDS_SECONDS } from './time-to-submit.js';

export interface FieldDropOff {
  pointer: string;
  label: LocalizedText;
  reached: number;
  left: number;
  errors: { code: string; sessions: number }[];
}

export interface DaySummary {
  day: string;
  started: number;
  submitted: number;
  medianSecondsToSubmit: number | null;
}

export interface FormEventReport {
  procedureId: string;
  title: LocalizedText;
  from: string;
  to: string;
  started: number;
  submitted: number;
  /** Sessions whose last leave was before they reached any field. */
  leftBeforeAnyField: number;
  medianSecondsToSubmit: number | null;
  /** The histogram behind the median: sessions per bucket, `upToSeconds` null for the open-ended last one. */
  timeToSubmit: { upToSeconds: number | null; sessions: number }[];
  fields: FieldDropOff[];
  days: DaySummary[];
}

function sum(counts: readonly FormEventCount[], metric: FormEventCount['metric'], pointer = ''): number {
  return counts.filter((count) => count.metric === metric && count.pointer === pointer).reduce((total, count) => total + count.count, 0);
}

function histogramOf(counts: readonly FormEventCount[]): Map<string, number> {
  const histogram = new Map<string, number>();
  for (const count of counts) if (count.metric === 'submit-time') histogram.set(count.code, (histogram.get(count.code) ?? 0) + count.count);
  return histogram;
}

export function buildFormEventReport(input: {
  procedureId: string;
  title: LocalizedText;
  from: string;
  to: string;
  fields: readonly FormField[];
  counts: readonly FormEventCount[];
}): FormEventReport {
  const { counts } = input;
  const histogram = histogramOf(counts);
  const days = [...new Set(counts.map((count) => count.day))].sort().map((day): DaySummary => {
    const ofDay = counts.filter((count) => count.day === day);
    return { day, started: sum(ofDay, 'started'), submitted: sum(ofDay, 'submitted'), medianSecondsToSubmit: medianFromHistogram(histogramOf(ofDay)) };
  });
  return {
    procedureId: input.procedureId,
    title: input.title,
    from: input.from,
    to: input.to,
    started: sum(counts, 'started'),
    submitted: sum(counts, 'submitted'),
    leftBeforeAnyField: sum(counts, 'left', ''),
    medianSecondsToSubmit: medianFromHistogram(histogram),
    timeToSubmit: [...TIME_TO_SUBMIT_BOUNDS_SECONDS.map(String), 'inf'].map((bucket) => ({
      upToSeconds: bucket === 'inf' ? null : Number(bucket),
      sessions: histogram.get(bucket) ?? 0,
    })),
    fields: input.fields.map((field): FieldDropOff => {
      const errors = new Map<string, number>();
      for (const count of counts) if (count.metric === 'errored' && count.pointer === field.pointer) errors.set(count.code, (errors.get(count.code) ?? 0) + count.count);
      return {
        pointer: field.pointer,
        label: field.label,
        reached: sum(counts, 'reached', field.pointer),
        left: sum(counts, 'left', field.pointer),
        errors: [...errors].map(([code, sessions]) => ({ code, sessions })),
      };
    }),
    days,
  };
}
