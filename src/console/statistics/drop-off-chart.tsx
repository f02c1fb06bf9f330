/**
 * The per-field drop-off chart as inline SVG, drawn on the server (no script,
 * no chart library, nothing from another origin): one row per step of the
 * form — opened, each field in form order, submitted — with up to three
 * horizontal bars: sessions that reached it, that had a validation error
 * there, and that left there. Bars are scaled to the largest count. The SVG
 * is an image with a title and a description; the page shows the same
 * numbers as a table for screen readers and for copying.
 */
import type { FormEventReport } from '../../form-events/form-event-report.js';
import { text, type Language } from '../texts.js';

export const DROP_OFF_MEASURES = ['reached', 'errored', 'left'] as const;
export type DropOffMeasure = (typeof DROP_OFF_MEASURES)[number];

/** One row of the funnel; `pointer` is '' for the form opened, `#submitted` for the submit. */
export interface DropOffRow {
  pointer: string;
  label: string;
  counts: Partial<Record<DropOffMeasure, number>>;
}

export function dropOffRows(report: FormEventReport, language: Language): DropOffRow[] {
  return [
    { pointer: '', label: text('dropOffOpened', language), counts: { reached: report.started, left: report.leftBeforeAnyField } },
    ...report.fields.map((field) => ({
      pointer: field.pointer,
      label: field.label[language],
      counts: { reached: field.reached, errored: field.errors.reduce((total, error) => total + error.sessions, 0), left: field.left },
    })),
    { pointer: '#submitted', label: text('dropOffSubmitted', language), counts: { reached: report.submitted } },
  ];
}

const WIDTH = 760;
const LABEL_WIDTH = 280;
const BAR_AREA = WIDTH - LABEL_WIDTH - 60;
const BAR_HEIGHT = 14;
const ROW_HEIGHT = DROP_OFF_MEASURES.length * BAR_HEIGHT + 12;
const LEGEND_HEIGHT = 28;

const MEASURE_TEXT = { reached: 'dropOffReached', errored: 'dropOffErrored', left: 'dropOffLeft' } as const;

export function DropOffChart(props: { rows: DropOffRow[]; language: Language; caption: string }) {
  const { rows, language } = props;
  const largest = Math.max(1, ...rows.flatMap((row) => Object.values(row.counts)));
  const height = LEGEND_HEIGHT + rows.length * ROW_HEIGHT;
  return (
    <svg
      id="drop-off-chart"
      class="chart"
      role="img"
      aria-labelledby="drop-off-chart-title drop-off-chart-desc"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="drop-off-chart-title">{props.caption}</title>
      <desc id="drop-off-chart-desc">{text('dropOffChartDescription', language)}</desc>
      {DROP_OFF_MEASURES.map((measure, index) => (
        <g class={`legend ${measure}`}>
          <rect x={LABEL_WIDTH + index * 150} y={6} width={12} height={12} />
          <text x={LABEL_WIDTH + index * 150 + 18} y={16}>
            {text(MEASURE_TEXT[measure], language)}
          </text>
        </g>
      ))}
      {rows.map((row, rowIndex) => {
        const top = LEGEND_HEIGHT + rowIndex * ROW_HEIGHT;
        return (
          <g class="row" data-field={row.pointer}>
            <text class="label" x={LABEL_WIDTH - 8} y={top + ROW_HEIGHT / 2} text-anchor="end" dominant-baseline="middle">
              {row.label}
            </text>
            {DROP_OFF_MEASURES.map((measure, index) => {
              const count = row.counts[measure];
              if (count === undefined) return null;
              const width = Math.round((count / largest) * BAR_AREA * 10) / 10;
              const y = top + index * BAR_HEIGHT;
              return (
                <g>
                  <rect class={`bar ${measure}`} data-measure={measure} data-count={count} x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT - 1}>
                    <title>{`${row.label}: ${text(MEASURE_TEXT[measure], language)} ${count}`}</title>
                  </rect>
                  <text class="count" x={LABEL_WIDTH + width + 4} y={y + BAR_HEIGHT / 2} dominant-baseline="middle">
                    {count}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
