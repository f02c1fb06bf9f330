import { CALLBACK_SIGNATURE_HEADER, signTimestampedCallback } from '../../../src/callbacks/signature.js';
import type { PickupCallbackWire } from '../wire.js';

/** What the simulated network uses to reach the gateway. */
export interface GatewayConnection {
  gatewayUrl: string;
  /** The network's API key at the gateway (role `store-network`). */
  storeKey: string;
  callbackSecret: string;
  /** The network's clock: each callback is signed with its time. */
  now: () => Date;
}

/** A failed call to the gateway, with the gateway's status and problem `type` when it answered. */
export class GatewayCallError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }
}

/** Largest document a kiosk accepts. */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Fetches the document to print for the kiosk `terminal`: `GET /v1/store-network/pickups/{code}/document`, which answers once. */
export async function fetchDocument(connection: GatewayConnection, pickupCode: string, terminal: string): Promise<Buffer> {
  const response = await fetch(`${base(connection)}/v1/store-network/pickups/${encodeURIComponent(pickupCode)}/document`, {
    headers: { authorization: `Bearer ${connection.storeKey}`, accept: 'application/pdf', 'x-store-terminal': terminal },
    redirect: 'error',
  });
  if (response.status !== 200) throw await callError(response, 'document fetch');
  if (!(response.headers.get('content-type') ?? '').startsWith('application/pdf')) {
    await response.body?.cancel();
    throw new GatewayCallError(response.status, undefined, 'the document is not a PDF');
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_DOCUMENT_BYTES || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new GatewayCallError(response.status, undefined, 'the document is not a printable PDF');
  }
  return bytes;
}

/** Posts a status report to `POST /v1/callbacks/convenience-store`, signed afresh with the network's time; resolves with the gateway's status. */
export async function postCallback(connection: GatewayConnection, callback: PickupCallbackWire): Promise<number> {
  const body = JSON.stringify(callback);
  const response = await fetch(`${base(connection)}/v1/callbacks/convenience-store`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLBACK_SIGNATURE_HEADER]: signTimestampedCallback([connection.callbackSecret], Math.floor(connection.now().getTime() / 1000), body) },
    body,
    redirect: 'error',
  });
  if (response.status !== 200) throw await callError(response, 'callback');
  await response.body?.cancel();
  return response.status;
}

function base(connection: GatewayConnection): string {
  return connection.gatewayUrl.replace(/\/+$/, '');
}

async function callError(response: Response, what: string): Promise<GatewayCallError> {
  let problemType: string | undefined;
  try {
    const problem = (await response.json()) as { type?: unknown };
    if (typeof problem.type === 'string') problemType = problem.type;
  } catch {
    problemType = undefined;
  }
  return new GatewayCallError(response.status, problemType, `${what}: the gateway answered ${response.status}`);
}
