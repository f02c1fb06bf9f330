/**
 * Operational statistics as CSV for spreadsheets: UTF-8 with a BOM (so Excel
 * reads the Japanese right), CRLF, one table per file, column names in
 * Japanese and English. A procedure's (or system's) days come first, then its
 * total over the range (`合計 total` in the day column).
 */
import { encodeCsv, type CsvValue } from '../codecs/csv.js';
import { APPLICATION_STATUSES } from '../store/types.js';
import type { ApplicationStatistics, DeliveryStatistics, StateCounts, StatusCounts } from './operational-report.js';

const TOTAL = '合計 total';
const DELIVERY_STATES = ['pending', 'sent', 'acknowledged', 'failed', 'dead'] as const;

function statusColumns(counts: StatusCounts): number[] {
  return APPLICATION_STATUSES.map((status) => counts[status] ?? 0);
}

function stateColumns(counts: StateCounts): number[] {
  return DELIVERY_STATES.map((state) => counts[state] ?? 0);
}

export function applicationStatisticsCsv(statistics: ApplicationStatistics): Buffer {
  const rows: CsvValue[][] = [
    ['手続 procedure', '手続名 title', '受付日 day received', '受付件数 received', ...APPLICATION_STATUSES, '完了件数 completed', '完了までの中央値(秒) median seconds to complete'],
  ];
  for (const procedure of statistics.procedures) {
    const title = procedure.title?.ja ?? '';
    for (const day of procedure.days) rows.push([procedure.procedureId, title, day.day, day.received, ...statusColumns(day.byStatus), '', '']);
    rows.push([procedure.procedureId, title, TOTAL, procedure.received, ...statusColumns(procedure.byStatus), procedure.completed, procedure.medianSecondsToComplete ?? '']);
  }
  return encodeCsv(rows, { encoding: 'utf-8-bom' });
}

export function deliveryStatisticsCsv(statistics: DeliveryStatistics): Buffer {
  const rows: CsvValue[][] = [['連携先 system', '日 day', '配信件数 deliveries', ...DELIVERY_STATES, '失敗(再試行中) failing', '失敗(断念) dead']];
  for (const system of statistics.systems) {
    const total: StateCounts = {};
    for (const day of system.days) {
      rows.push([system.system, day.day, day.deliveries, ...stateColumns(day.byState), day.failing, day.dead]);
      for (const state of DELIVERY_STATES) total[state] = (total[state] ?? 0) + (day.byState[state] ?? 0);
    }
    rows.push([system.system, TOTAL, system.deliveries, ...stateColumns(total), system.failing, system.dead]);
  }
  return encodeCsv(rows, { encoding: 'utf-8-bom' });
}
