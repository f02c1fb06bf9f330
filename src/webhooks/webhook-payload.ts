import type { WebhookDelivery } from '../store/parts/webhook-store.js';

/**
 * The body of a status webhook: which application, of which procedure,
 * reached which status when. Nothing else, so that no personal data leaves
 * through a frontend's receiver; the frontend asks `GET /v1/applications/{id}`
 * for more. The same bytes on every retry of one delivery.
 */
export function webhookBody(delivery: WebhookDelivery): string {
  return JSON.stringify({ id: delivery.applicationId, procedure: delivery.procedureId, status: delivery.status, at: delivery.at });
}
