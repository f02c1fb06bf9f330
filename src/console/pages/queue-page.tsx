import type { Actor } from '../../reviews/actor.js';
import { REVIEW_STATES, type ReviewRecord } from '../../store/types.js';
import { text, type Language } from '../texts.js';
import { jstTime, stateLabel, wardName } from '../reviews/review-labels.js';
import { Layout } from './layout.js';

export interface QueueFilters {
  procedureId?: string;
  state?: ReviewRecord['state'];
  overdue?: boolean;
  /** JST days (YYYY-MM-DD), both inclusive: received on or after, on or before. */
  receivedFrom?: string;
  receivedTo?: string;
}

/** The query string of a queue page with these filters (and the page's cursor). */
export function queueHref(filters: QueueFilters, after?: string): string {
  const query = new URLSearchParams();
  if (filters.procedureId) query.set('procedure', filters.procedureId);
  if (filters.state) query.set('status', filters.state);
  if (filters.overdue) query.set('overdue', 'yes');
  if (filters.receivedFrom) query.set('receivedFrom', filters.receivedFrom);
  if (filters.receivedTo) query.set('receivedTo', filters.receivedTo);
  if (after) query.set('after', after);
  const search = query.toString();
  return `/console/reviews${search ? `?${search}` : ''}`;
}

/** The signed-in staff member's ward queue, oldest first, with its filters and the way to the next page. */
export function QueuePage(props: {
  language: Language;
  actor: Actor;
  reviews: ReviewRecord[];
  procedures: Array<{ id: string; title: string }>;
  filters: QueueFilters;
  next: string | null;
  paged: boolean;
}) {
  const { language, filters, actor } = props;
  const title = (id: string) => props.procedures.find((procedure) => procedure.id === id)?.title ?? id;
  const claimText = (review: ReviewRecord) => {
    if (!review.claimedBy) return '';
    return review.claimedBy.kind === actor.kind && review.claimedBy.id === actor.id ? text('claimedByYou', language) : text('claimedByOther', language);
  };
  return (
    <Layout language={language} title={text('reviewQueue', language)} back="/console/reviews">
      <h1>{text('reviewQueue', language)}</h1>
      <form method="get" action="/console/reviews" class="filters">
        <label>
          {text('procedure', language)}
          <select name="procedure">
            <option value="">{text('any', language)}</option>
            {props.procedures.map((procedure) => (
              <option value={procedure.id} selected={filters.procedureId === procedure.id}>
                {procedure.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text('state', language)}
          <select name="status">
            <option value="">{text('any', language)}</option>
            {REVIEW_STATES.map((state) => (
              <option value={state} selected={filters.state === state}>
                {stateLabel(state, language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text('receivedFrom', language)}
          <input type="date" name="receivedFrom" value={filters.receivedFrom ?? ''} />
        </label>
        <label>
          {text('receivedTo', language)}
          <input type="date" name="receivedTo" value={filters.receivedTo ?? ''} />
        </label>
        <label>
          <input type="checkbox" name="overdue" value="yes" checked={filters.overdue === true} />
          {text('overdueOnly', language)}
        </label>
        <button type="submit">{text('filter', language)}</button>
      </form>
      {props.reviews.length === 0 ? (
        <p id="queue-empty">{text('queueEmpty', language)}</p>
      ) : (
        <table id="queue">
          <thead>
            <tr>
              <th>{text('received', language)}</th>
              <th>{text('procedure', language)}</th>
              <th>{text('ward', language)}</th>
              <th>{text('state', language)}</th>
              <th>{text('deadline', language)}</th>
            </tr>
          </thead>
          <tbody>
            {props.reviews.map((review) => (
              <tr data-application={review.applicationId}>
                <td>
                  <a href={`/console/reviews/${encodeURIComponent(review.applicationId)}`}>{jstTime(review.createdAt)}</a>
                </td>
                <td>{title(review.procedureId)}</td>
                <td>{wardName(review.ward, language)}</td>
                <td>
                  {stateLabel(review.state, language)} {claimText(review)}
                </td>
                <td>
                  {jstTime(review.deadline)} {review.overdue ? <strong class="overdue">{text('overdue', language)}</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="pages">
        {props.paged ? <a href={queueHref(filters)}>{text('firstPage', language)}</a> : null}{' '}
        {props.next ? (
          <a id="next-page" href={queueHref(filters, props.next)}>
            {text('nextPage', language)}
          </a>
        ) : null}
      </p>
      <p>
        <a href="/console">{text('backToConsole', language)}</a>
      </p>
    </Layout>
  );
}
