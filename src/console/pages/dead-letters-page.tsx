import type { DeadLetterRequest } from '../../store/types.js';
import { jstTime } from '../reviews/review-labels.js';
import { text, type Language } from '../texts.js';
import { Layout } from './layout.js';

/** One dead letter as the console lists it: the failure reason and the waiting request, never the payload. */
export interface DeadLetterRow {
  jobId: string;
  applicationId: string;
  step: string;
  system: string | undefined;
  reason: string;
  attempts: number;
  updatedAt: string;
  pending: DeadLetterRequest | null;
}

/** What the signed-in staff member may do on this page. */
export interface DeadLetterPermissions {
  staffId: string;
  mayRequest: boolean;
  mayApprove: boolean;
}

function Hidden(props: { csrfToken: string; fields: Record<string, string> }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrfToken} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

function Actions(props: { language: Language; row: DeadLetterRow; permissions: DeadLetterPermissions; csrfToken: string }) {
  const { language, row, permissions, csrfToken } = props;
  const base = `/console/dead-letters/${encodeURIComponent(row.jobId)}`;
  if (row.pending) {
    if (row.pending.requestedBy.kind === 'staff' && row.pending.requestedBy.id === permissions.staffId) return <p>{text('ownRequestNote', language)}</p>;
    if (!permissions.mayApprove) return null;
    return (
      <form method="post" action={`${base}/approve`} class="decision" id={`approve-${row.jobId}`}>
        <Hidden csrfToken={csrfToken} fields={{ action: row.pending.action }} />
        <button type="submit">{text('approveRequest', language)}</button>
      </form>
    );
  }
  if (!permissions.mayRequest) return null;
  return (
    <>
      <form method="post" action={`${base}/request`} class="decision" id={`replay-${row.jobId}`}>
        <Hidden csrfToken={csrfToken} fields={{ action: 'replay' }} />
        <button type="submit">{text('requestReplay', language)}</button>
      </form>
      <form method="post" action={`${base}/request`} class="decision" id={`discard-${row.jobId}`}>
        <Hidden csrfToken={csrfToken} fields={{ action: 'discard' }} />
        <label>
          {text('discardReasonLabel', language)}
          <textarea name="reason" required maxlength={500} rows={2} />
        </label>
        <button type="submit" class="secondary">
          {text('requestDiscard', language)}
        </button>
      </form>
    </>
  );
}

/**
 * The dead letters for operators (auditors and administrators read them):
 * each with its step, system, failure reason and the request waiting for a
 * second operator, and the four-eyes forms open to this person.
 */
export function DeadLettersPage(props: { language: Language; rows: DeadLetterRow[]; permissions: DeadLetterPermissions; csrfToken: string; next: string | null }) {
  const { language, rows } = props;
  return (
    <Layout language={language} title={text('deadLetters', language)} back="/console/dead-letters">
      <h1>{text('deadLetters', language)}</h1>
      {rows.length === 0 ? (
        <p id="no-dead-letters">{text('deadLettersEmpty', language)}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{text('deadLetterJob', language)}</th>
              <th>{text('deadLetterStep', language)}</th>
              <th>{text('deadLetterReason', language)}</th>
              <th>{text('deadLetterAttempts', language)}</th>
              <th>{text('deadLetterUpdated', language)}</th>
              <th>{text('deadLetterPending', language)}</th>
              <th>{text('deadLetterActions', language)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr data-dead-letter={row.jobId}>
                <td>
                  {row.jobId}
                  <br />
                  {`${text('applicationId', language)}: ${row.applicationId}`}
                </td>
                <td>{row.system ? `${row.step} (${row.system})` : row.step}</td>
                <td class="reason">{row.reason}</td>
                <td>{String(row.attempts)}</td>
                <td>{jstTime(row.updatedAt)}</td>
                <td class="pending">
                  {row.pending
                    ? `${text(row.pending.action === 'replay' ? 'pendingReplay' : 'pendingDiscard', language)} · ${text('requestedBy', language)}: ${row.pending.requestedBy.id}${row.pending.reason ? ` · ${row.pending.reason}` : ''}`
                    : '—'}
                </td>
                <td>
                  <Actions language={language} row={row} permissions={props.permissions} csrfToken={props.csrfToken} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.next ? (
        <p>
          <a id="next-page" href={`/console/dead-letters?after=${encodeURIComponent(props.next)}`}>
            {text('nextPage', language)}
          </a>
        </p>
      ) : null}
      <p>
        <a href="/console">{text('backToConsole', language)}</a>
      </p>
    </Layout>
  );
}
