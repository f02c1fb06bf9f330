/**
 * Who decides a review. The HTTP layer resolves the caller to an actor: a
 * signed-in staff member (kind `staff`) or an API client with the `staff`
 * role (kind `client`, for automation; it acts in every ward).
 */
export interface Actor {
  kind: 'staff' | 'client';
  /** The staff member's or client's id; kept in the review record, never shown to residents. */
  id: string;
  /** `clerk`, `approver`, `admin` … for staff; `staff` for an API client. */
  role: string;
  /** 地方公共団体コード of the wards the actor works in, or `all`. */
  wards: readonly string[] | 'all';
}

/** Whether the actor works in `ward`. */
export function actsIn(actor: Actor, ward: string): boolean {
  return actor.wards === 'all' || actor.wards.includes(ward);
}
