import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSample } from '../support/fixtures.js';
import { fixtureClock } from '../support/fixture-time.js';
import { FRONTEND, OTHER_FRONTEND, STAFF, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';
import type { Actor } from '../../src/reviews/actor.js';

/** Staff of the tests, resolved by an X-Test-Staff header: the seam the staff sessions plug into. */
const STAFF_MEMBERS: Record<string, Actor> = {
  'clerk-kita': { kind: 'staff', id: 'clerk-kita', role: 'clerk', wards: ['271276'] },
  'approver-kita-1': { kind: 'staff', id: 'approver-kita-1', role: 'approver', wards: ['271276'] },
  'approver-kita-2': { kind: 'staff', id: 'approver-kita-2', role: 'approver', wards: ['271276'] },
  'clerk-abeno': { kind: 'staff', id: 'clerk-abeno', role: 'clerk', wards: ['271195'] },
};
const as = (name: string) => ({ 'x-test-staff': name });

let gateway: TestGateway;
let clockOffsetMs = 0;
const DAY_MS = 24 * 3600_000;

beforeAll(async () => {
  gateway = await startTestGateway({
    clock: () => new Date(fixtureClock().getTime() + clockOffsetMs),
    resolveActor: (c) => {
      const name = c.req.header('x-test-staff');
      if (name !== undefined) return STAFF_MEMBERS[name];
      return c.get('caller')?.role === 'staff' ? { kind: 'client', id: c.get('caller')!.id, role: 'staff', wards: 'all' } : undefined;
    },
  });
});
afterAll(() => gateway.dispose());

async function runRoute(): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await gateway.runner.runOnce()) === 0) return;
}

async function submitGrant(): Promise<{ id: string; accessToken: string }> {
  const response = await submit(gateway, validSample('business-support-grant'));
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(202);
  await runRoute();
  return { id: body.id as string, accessToken: body.accessToken as string };
}

function post(path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return Promise.resolve(
    gateway.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

const decide = (id: string, who: string, decision: string, reason?: string) => post(`/v1/admin/reviews/${id}/decision`, as(who), { decision, ...(reason === undefined ? {} : { reason }) });

async function statusOf(id: string, accessToken: string): Promise<{ status: string; timeline: Array<{ status: string; source: string; detail: string }> }> {
  return json(await gateway.app.request(`/v1/applications/${id}`, { headers: { 'x-access-token': accessToken } }));
}

describe('review steps: the ward queue and decisions through HTTP', () => {
  it('claim → return → correction → approve → approve by a second person → completed, with only roles in the timeline', async () => {
    const { id, accessToken } = await submitGrant();
    expect((await statusOf(id, accessToken)).status).toBe('under-review');

    const queue = await json(await gateway.app.request('/v1/admin/reviews?ward=271276&procedureId=business-support-grant&status=open', { headers: as('clerk-kita') }));
    expect(queue.items.map((item: { applicationId: string }) => item.applicationId)).toContain(id);
    expect(queue.items.find((item: { applicationId: string }) => item.applicationId === id)).toMatchObject({ wardName: '北区', approvalsRequired: 2, overdue: false });

    expect((await post(`/v1/admin/reviews/${id}/claim`, as('clerk-kita'))).status).toBe(200);
    const returned = await decide(id, 'clerk-kita', 'return', '営業許可証の写しが読み取れません。撮り直して添付してください。');
    expect(returned.status).toBe(200);
    await runRoute();
    const afterReturn = await statusOf(id, accessToken);
    expect(afterReturn.status).toBe('returned-for-correction');
    expect(afterReturn.timeline.at(-1)!.detail).toContain('営業許可証の写しが読み取れません');

    const corrected = structuredClone(validSample('business-support-grant')) as { form: { shop: { name: string } } };
    corrected.form.shop.name = '居酒屋 天満 本店';
    const correction = await post(`/v1/applications/${id}/corrections`, { ...FRONTEND, 'x-access-token': accessToken }, corrected);
    expect(correction.status, JSON.stringify(await correction.clone().json())).toBe(202);
    await runRoute();
    expect((await statusOf(id, accessToken)).status).toBe('under-review');
    const stored = await gateway.store.getApplication(id);
    expect((stored!.form.shop as { name: string }).name).toBe('居酒屋 天満 本店');

    // the clerk examines it again; the approvers sign off on the clerk's claim
    expect((await post(`/v1/admin/reviews/${id}/claim`, as('clerk-kita'))).status).toBe(200);
    expect((await decide(id, 'approver-kita-1', 'approve')).status).toBe(200);
    await runRoute();
    expect((await statusOf(id, accessToken)).status).toBe('under-review');
    const twice = await decide(id, 'approver-kita-1', 'approve');
    expect(twice.status).toBe(403);
    expect((await json(twice)).type).toBe('/problems/review-four-eyes');

    const second = await decide(id, 'approver-kita-2', 'approve');
    expect(second.status).toBe(200);
    expect(await json(second)).toMatchObject({ state: 'approved', approvals: [{ role: 'approver' }, { role: 'approver' }] });
    await runRoute();
    const done = await statusOf(id, accessToken);
    expect(done.status).toBe('completed');

    const reviewEntries = done.timeline.filter((entry) => entry.source.startsWith('review'));
    expect(reviewEntries.map((entry) => entry.detail)).toEqual(
      expect.arrayContaining([expect.stringContaining('審査担当'), expect.stringContaining('決裁者')]),
    );
    const everything = JSON.stringify(done.timeline);
    for (const person of Object.keys(STAFF_MEMBERS)) expect(everything).not.toContain(person);

    // the person is in the audit trail instead
    const audit = (await gateway.store.listAudit(0, 10_000)).filter((entry) => entry.target.id === id && entry.action.startsWith('review.'));
    expect(audit.map((entry) => [entry.action, entry.actor.id, entry.actor.role])).toEqual([
      ['review.claim', 'clerk-kita', 'clerk'],
      ['review.return', 'clerk-kita', 'clerk'],
      ['review.claim', 'clerk-kita', 'clerk'],
      ['review.approve', 'approver-kita-1', 'approver'],
      ['review.approve', 'approver-kita-2', 'approver'],
    ]);
    expect(audit[1]!.reason).toContain('営業許可証の写し');
  });

  it('answers 409 for a decision on an application no longer under review, and for another clerk while one holds the claim', async () => {
    const { id } = await submitGrant();
    expect((await post(`/v1/admin/reviews/${id}/claim`, as('clerk-kita'))).status).toBe(200);
    const other = await post(`/v1/admin/reviews/${id}/claim`, STAFF);
    expect(other.status).toBe(409);
    expect((await json(other)).type).toBe('/problems/review-claimed-by-another');

    expect((await decide(id, 'clerk-kita', 'reject', '対象期間に営業していなかったため、対象外です。')).status).toBe(200);
    await runRoute();
    const late = await decide(id, 'approver-kita-1', 'approve');
    expect(late.status).toBe(409);
    expect((await json(late)).type).toBe('/problems/review-not-open');
    expect((await gateway.store.getApplication(id))!.status).toBe('rejected');
  });

  it('hides another ward\'s review (404), refuses a clerk\'s approval (403) and a reason with markup (422), changing nothing', async () => {
    const { id, accessToken } = await submitGrant();
    const elsewhere = await post(`/v1/admin/reviews/${id}/claim`, as('clerk-abeno'));
    expect(elsewhere.status).toBe(404);
    expect((await json(elsewhere)).type).toBe('/problems/review-not-found');
    expect((await gateway.app.request(`/v1/admin/reviews/${id}`, { headers: as('clerk-abeno') })).status).toBe(404);
    const abenoQueue = await json(await gateway.app.request('/v1/admin/reviews', { headers: as('clerk-abeno') }));
    expect(abenoQueue.items.map((item: { applicationId: string }) => item.applicationId)).not.toContain(id);

    const clerkApproves = await decide(id, 'clerk-kita', 'approve');
    expect(clerkApproves.status).toBe(403);
    expect((await json(clerkApproves)).type).toBe('/problems/review-role-not-allowed');

    const markup = await decide(id, 'clerk-kita', 'reject', '<script>alert(1)</script>');
    expect(markup.status).toBe(422);
    expect(await json(markup)).toMatchObject({ type: '/problems/review-reason-invalid', errors: [{ pointer: '/reason', code: 'markup' }] });
    const missing = await decide(id, 'clerk-kita', 'return');
    expect((await json(missing)).errors[0]).toMatchObject({ pointer: '/reason', code: 'required' });

    const before = await statusOf(id, accessToken);
    expect(before.status).toBe('under-review');
    expect((await gateway.store.getReview(id))!.state).toBe('open');
  });

  it('refuses corrections that are not due, change the procedure, or come from another client, and never with a 500', async () => {
    const { id, accessToken } = await submitGrant();
    const body = validSample('business-support-grant');
    const notReturned = await post(`/v1/applications/${id}/corrections`, { ...FRONTEND, 'x-access-token': accessToken }, body);
    expect(notReturned.status).toBe(409);
    expect((await json(notReturned)).type).toBe('/problems/review-not-returned');

    expect((await decide(id, 'clerk-kita', 'return', '店舗の所在地を確認してください。')).status).toBe(200);
    const otherProcedure = await post(`/v1/applications/${id}/corrections`, { ...FRONTEND, 'x-access-token': accessToken }, { ...body, procedureId: 'juminhyo-copy' });
    expect(otherProcedure.status).toBe(422);
    expect(await json(otherProcedure)).toMatchObject({ type: '/problems/correction-changes-procedure', errors: [{ pointer: '/procedureId' }] });
    const invalidForm = await post(`/v1/applications/${id}/corrections`, { ...FRONTEND, 'x-access-token': accessToken }, { ...body, form: { ...(body.form as object), claim: { amount: -1 } } });
    expect(invalidForm.status).toBe(422);
    expect((await json(invalidForm)).type).toBe('/problems/form-invalid');
    expect((await post(`/v1/applications/${id}/corrections`, { ...OTHER_FRONTEND, 'x-access-token': accessToken }, body)).status).toBe(404);
    expect((await post(`/v1/applications/${id}/corrections`, FRONTEND, body)).status).toBe(404);
    expect((await gateway.store.getApplication(id))!.status).toBe('returned-for-correction');
  });

  it('flags a review overdue past its deadline (P5D on the gateway clock), escalates it once, and counts it', async () => {
    const { id, accessToken } = await submitGrant();
    clockOffsetMs += 5 * DAY_MS + 60_000;
    await runRoute();
    const overdue = await json(await gateway.app.request('/v1/admin/reviews?overdue=true', { headers: STAFF }));
    expect(overdue.items.map((item: { applicationId: string }) => item.applicationId)).toContain(id);
    const timeline = (await statusOf(id, accessToken)).timeline;
    expect(timeline.filter((entry) => entry.detail.includes('escalated'))).toHaveLength(1);
    await runRoute();
    expect((await statusOf(id, accessToken)).timeline.filter((entry) => entry.detail.includes('escalated'))).toHaveLength(1);
    const metrics = await (await gateway.app.request('/metrics', { headers: STAFF })).text();
    expect(metrics).toMatch(/kakehashi_reviews_escalated_total\{procedure="business-support-grant"\} [1-9]/);
  });

  it('answers 401 without credentials, 403 to a frontend, and 422 to an unknown decision or a bad filter 400', async () => {
    const { id } = await submitGrant();
    expect((await gateway.app.request('/v1/admin/reviews')).status).toBe(401);
    const frontend = await gateway.app.request('/v1/admin/reviews', { headers: FRONTEND });
    expect(frontend.status).toBe(403);
    expect((await json(frontend)).type).toBe('/problems/role-not-allowed');
    const unknown = await decide(id, 'clerk-kita', 'maybe');
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).type).toBe('/problems/review-decision-invalid');
    const badWard = await gateway.app.request('/v1/admin/reviews?ward=271004', { headers: STAFF });
    expect(badWard.status).toBe(400);
    expect((await json(badWard)).errors[0]).toMatchObject({ pointer: 'query:ward' });
    expect((await gateway.store.getReview(id))!.version).toBe(1);
  });

  it('documents the queue, the decisions and the correction in OpenAPI', async () => {
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/admin/reviews', '/v1/admin/reviews/{applicationId}', '/v1/admin/reviews/{applicationId}/claim', '/v1/admin/reviews/{applicationId}/decision', '/v1/applications/{id}/corrections']),
    );
    expect(Object.keys(document.paths['/v1/admin/reviews/{applicationId}/decision'].post.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409', '422']));
  });
});
