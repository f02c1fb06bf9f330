import type { FormEventReport } from '../../form-events/form-event-report.js';
import { DROP_OFF_MEASURES, DropOffChart, dropOffRows } from '../statistics/drop-off-chart.js';
import { text, type Language } from '../texts.js';
import { Layout } from './layout.js';

const MEASURE_TEXT = { reached: 'dropOffReached', errored: 'dropOffErrored', left: 'dropOffLeft' } as const;

/**
 * Where residents give up in one procedure's form over a range of days: the
 * filter form (GET), the chart, and the same numbers as a table.
 */
export function DropOffPage(props: {
  language: Language;
  procedures: { id: string; title: string }[];
  query: { procedure: string; from: string; to: string };
  report: FormEventReport | null;
}) {
  const { language, report, query } = props;
  const rows = report ? dropOffRows(report, language) : [];
  const caption = report ? `${report.title[language]} ${report.from} – ${report.to}` : '';
  return (
    <Layout language={language} title={text('dropOff', language)} back="/console/statistics/form-events">
      <h1>{text('dropOff', language)}</h1>
      <form method="get" action="/console/statistics/form-events" class="filters" id="drop-off-filters">
        <label>
          {text('procedure', language)}
          <select name="procedure" required>
            {props.procedures.map((procedure) => (
              <option value={procedure.id} selected={procedure.id === query.procedure}>
                {procedure.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text('dropOffFrom', language)}
          <input type="date" name="from" value={query.from} />
        </label>
        <label>
          {text('dropOffTo', language)}
          <input type="date" name="to" value={query.to} />
        </label>
        <button type="submit">{text('dropOffShow', language)}</button>
      </form>
      {report ? (
        <section id="drop-off">
          <h2>{caption}</h2>
          <p id="drop-off-summary">
            {text('dropOffStarted', language)} {report.started} / {text('dropOffSubmitted', language)} {report.submitted}
          </p>
          <DropOffChart rows={rows} language={language} caption={caption} />
          <table id="drop-off-table">
            <caption>{text('dropOffTableCaption', language)}</caption>
            <thead>
              <tr>
                <th scope="col">{text('dropOffStep', language)}</th>
                {DROP_OFF_MEASURES.map((measure) => (
                  <th scope="col">{text(MEASURE_TEXT[measure], language)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-field={row.pointer}>
                  <th scope="row">{row.label}</th>
                  {DROP_OFF_MEASURES.map((measure) => (
                    <td>{row.counts[measure] ?? '–'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p>{text('dropOffChoose', language)}</p>
      )}
      <p>
        <a href="/console">{text('backToConsole', language)}</a>
      </p>
    </Layout>
  );
}
