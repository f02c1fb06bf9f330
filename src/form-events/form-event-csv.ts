/**
 * The drop-off report as CSV for spreadsheets: UTF-8 with a BOM (so Excel
 * reads the Japanese labels right), CRLF. One table, a funnel: the form
 * opened (sessions started), each field in form order, then the submit.
 * Column names are in Japanese and English.
 */
import { encodeCsv, type CsvValue } from '../codecs/csv.js';
import type { FormEventReport } from './form-event-report.js';

const HEADER = [
  '項目 field',
  'label',
  'pointer',
  'セッション数 sessions',
  '開始に対する割合(%) share of started',
  'ここで離脱 left here',
  'エラー errors',
  'エラー内訳 errors by code',
  '送信までの中央値(秒) median seconds to submit',
];

function share(sessions: number, started: number): CsvValue {
  return started === 0 ? '' : Math.round((sessions / started) * 1000) / 10;
}

/** The report's funnel as a CSV file (bytes, BOM first). */
export function formEventCsv(report: FormEventReport): Buffer {
  const { started } = report;
  const rows: CsvValue[][] = [
    HEADER,
    ['フォームを開いた', 'form opened', '', started, share(started, started), report.leftBeforeAnyField, '', '', ''],
    ...report.fields.map((field) => [
      field.label.ja,
      field.label.en,
      field.pointer,
      field.reached,
      share(field.reached, started),
      field.left,
      field.errors.reduce((total, error) => total + error.sessions, 0),
      field.errors.map((error) => `${error.code}:${error.sessions}`).join(' '),
      '',
    ]),
    ['送信した', 'submitted', '', report.submitted, share(report.submitted, started), '', '', '', report.medianSecondsToSubmit ?? ''],
  ];
  return encodeCsv(rows, { encoding: 'utf-8-bom' });
}
