import type { ActiveSession } from '../../staff/staff-sessions.js';
import { allowedActions } from '../../staff/authorization.js';
import { ROLE_LABELS } from '../../staff/roles.js';
import { findWard } from '../../staff/wards.js';
import { text, type Language } from '../texts.js';
import { Layout } from './layout.js';

/** The first page after signing in: who is signed in, in which roles and wards, the way to the review queue, and the sign-out button. */
export function LandingPage(props: { language: Language; session: ActiveSession }) {
  const { staff, csrfToken } = props.session;
  const { language } = props;
  const wardName = (code: string) => {
    const ward = findWard(code);
    return ward ? (language === 'ja' ? ward.nameJa : ward.nameEn) : code;
  };
  return (
    <Layout language={language} title={text('signedInAs', language)} back="/console">
      <h1>{text('signedInAs', language)}</h1>
      <dl id="signed-in-staff">
        <dt>{text('name', language)}</dt>
        <dd id="staff-name">{staff.name}</dd>
        <dt>{text('roles', language)}</dt>
        <dd id="staff-roles">{staff.roles.map((role) => ROLE_LABELS[role][language]).join(language === 'ja' ? '、' : ', ')}</dd>
        <dt>{text('wards', language)}</dt>
        <dd id="staff-wards">{staff.wards.length === 0 ? text('noWards', language) : staff.wards.map(wardName).join(language === 'ja' ? '、' : ', ')}</dd>
      </dl>
      {allowedActions(staff).includes('view-queue') ? (
        <p>
          <a id="review-queue" class="button" href="/console/reviews">
            {text('openQueue', language)}
          </a>
        </p>
      ) : null}
      {allowedActions(staff).includes('view-dead-letters') ? (
        <p>
          <a id="dead-letters" class="button" href="/console/dead-letters">
            {text('openDeadLetters', language)}
          </a>
        </p>
      ) : null}
      {allowedActions(staff).includes('revoke-certificate') ? (
        <p>
          <a id="certificates" class="button" href="/console/certificates">
            {text('openCertificates', language)}
          </a>
        </p>
      ) : null}
      {allowedActions(staff).includes('export-audit-trail') ? (
        <p>
          <a id="audit-trail" class="button" href="/console/audit">
            {text('openAuditTrail', language)}
          </a>
        </p>
      ) : null}
      {allowedActions(staff).includes('view-statistics') ? (
        <p>
          <a id="drop-off" class="button" href="/console/statistics/form-events">
            {text('openDropOff', language)}
          </a>
        </p>
      ) : null}
      <form method="post" action="/console/sign-out">
        <input type="hidden" name="csrf" value={csrfToken} />
        <button type="submit">{text('signOut', language)}</button>
      </form>
    </Layout>
  );
}
