import { text, type Language } from '../texts.js';
import { Layout } from './layout.js';

/** A day picker whose form downloads that day of the audit trail (GET: nothing changes). */
export function AuditPage(props: { language: Language; today: string }) {
  const { language } = props;
  return (
    <Layout language={language} title={text('auditTrail', language)} back="/console/audit">
      <h1>{text('auditTrail', language)}</h1>
      <p>{text('auditExportHint', language)}</p>
      <form method="get" action="/console/audit/export" class="filters" id="audit-export">
        <label>
          {text('auditDayLabel', language)}
          <input type="date" name="day" required value={props.today} />
        </label>
        <button type="submit">{text('exportAuditDay', language)}</button>
      </form>
      <p>
        <a href="/console">{text('backToConsole', language)}</a>
      </p>
    </Layout>
  );
}
