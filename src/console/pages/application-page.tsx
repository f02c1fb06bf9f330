import type { Decision } from '../../reviews/review-rules.js';
import type { ApplicationRecord, ReviewRecord, TimelineEntry } from '../../store/types.js';
import type { ApplicationFacts } from '../reviews/application-facts.js';
import type { FormEntry } from '../reviews/form-entries.js';
import { jstTime, stateLabel, wardName } from '../reviews/review-labels.js';
import { statusLabel } from '../reviews/status-labels.js';
import { text, type Language } from '../texts.js';
import { ApplicationFactsSections } from './application-facts-sections.js';
import { Layout } from './layout.js';

function Entries(props: { entries: FormEntry[] }) {
  return (
    <dl>
      {props.entries.map((entry) => (
        <>
          <dt>{entry.label}</dt>
          <dd>{'entries' in entry ? <Entries entries={entry.entries} /> : entry.value}</dd>
        </>
      ))}
    </dl>
  );
}

/** One decision form: the CSRF token, the decision, and a reason where the resident must be told why. */
function DecisionForm(props: { language: Language; applicationId: string; csrfToken: string; decision: Decision }) {
  const { language, decision } = props;
  const needsReason = decision === 'reject' || decision === 'return';
  return (
    <form method="post" action={`/console/reviews/${encodeURIComponent(props.applicationId)}/decision`} class="decision" id={`decision-${decision}`}>
      <input type="hidden" name="csrf" value={props.csrfToken} />
      <input type="hidden" name="decision" value={decision} />
      {needsReason ? (
        <label>
          {text('reasonLabel', language)}
          <textarea name="reason" required maxlength={500} rows={3} />
        </label>
      ) : null}
      <button type="submit" class={needsReason ? 'secondary' : undefined}>
        {text(decision, language)}
      </button>
    </form>
  );
}

/**
 * An application under review as its ward's staff see it: the review, the
 * form with the catalog's labels (when this person may see personal data),
 * the timeline, and the decisions open to this person.
 */
export function ApplicationPage(props: {
  language: Language;
  procedureTitle: string;
  review: ReviewRecord;
  application: ApplicationRecord;
  form: FormEntry[] | null;
  /** The signature, fee, deliveries and certificates: with the form, only when this person may see personal data. */
  facts: ApplicationFacts | null;
  timeline: TimelineEntry[];
  decisions: Decision[];
  csrfToken: string;
}) {
  const { language, review, application } = props;
  return (
    <Layout language={language} title={props.procedureTitle} back={`/console/reviews/${application.id}`}>
      <h1>{props.procedureTitle}</h1>
      <dl id="review">
        <dt>{text('applicationId', language)}</dt>
        <dd class="request-id">{application.id}</dd>
        <dt>{text('ward', language)}</dt>
        <dd>{wardName(review.ward, language)}</dd>
        <dt>{text('received', language)}</dt>
        <dd>{jstTime(application.createdAt)}</dd>
        <dt>{text('status', language)}</dt>
        <dd id="application-status" data-status={application.status}>
          {statusLabel(application.status, language)}
        </dd>
        <dt>{text('state', language)}</dt>
        <dd id="review-state">{stateLabel(review.state, language)}</dd>
        <dt>{text('approvals', language)}</dt>
        <dd id="review-approvals">{`${review.approvals.length}/${review.approvalsRequired}`}</dd>
        <dt>{text('deadline', language)}</dt>
        <dd>
          {jstTime(review.deadline)} {review.overdue ? <strong class="overdue">{text('overdue', language)}</strong> : null}
        </dd>
      </dl>

      <h2>{text('decisions', language)}</h2>
      <div id="decisions">
        {props.decisions.length === 0 ? (
          <p>{text('noDecisions', language)}</p>
        ) : (
          props.decisions.map((decision) => <DecisionForm language={language} applicationId={application.id} csrfToken={props.csrfToken} decision={decision} />)
        )}
      </div>

      <h2>{text('formFields', language)}</h2>
      <div id="form-fields">{props.form && props.form.length > 0 ? <Entries entries={props.form} /> : <p>{text('noFormData', language)}</p>}</div>
      {props.facts ? <ApplicationFactsSections language={language} facts={props.facts} /> : null}

      <h2>{text('timeline', language)}</h2>
      <ol id="timeline">
        {props.timeline.map((entry) => (
          <li data-status={entry.status}>
            <span class="request-id">{jstTime(entry.at)}</span> {statusLabel(entry.status, language)}
            {entry.detail ? ` — ${entry.detail}` : ''}
          </li>
        ))}
      </ol>
      <p>
        <a href="/console/reviews">{text('backToQueue', language)}</a>
      </p>
    </Layout>
  );
}
