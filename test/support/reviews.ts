/** A second API client of the staff role: four-eyes reviews need two different approvers. */
export const SECOND_STAFF_CLIENT = { id: 'second-staff', role: 'staff' as const, key: 'second-staff-key-0001' };
export const SECOND_STAFF = { authorization: `Bearer ${SECOND_STAFF_CLIENT.key}` };

type Requester = (path: string, init: RequestInit) => Promise<Response>;

/**
 * Approves an application's review through the API, as many times as it
 * needs (the dev staff key, then the second staff client), and fails saying
 * what the API answered otherwise.
 */
export async function approveReview(request: Requester, applicationId: string): Promise<void> {
  const approvers = [{ authorization: 'Bearer dev-staff-key' }, SECOND_STAFF];
  for (const headers of approvers) {
    const response = await request(`/v1/admin/reviews/${applicationId}/decision`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    const body = (await response.json()) as { state?: string };
    if (response.status !== 200) throw new Error(`approving ${applicationId} answered ${response.status}: ${JSON.stringify(body)}`);
    if (body.state === 'approved') return;
  }
  throw new Error(`the review of ${applicationId} needs more approvals than two`);
}
