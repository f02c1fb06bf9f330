import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOn } from '../../simulator-http/listen.js';
import { readTextDraining } from '../../simulator-http/read-text.js';
import { IssuanceRequestWireSchema, OSAKA_CITY_MUNICIPALITY_CODE, type IssuanceAcceptedWire, type NetworkErrorWire } from '../wire.js';
import { FaultQueue, type NetworkFault } from './faults.js';
import { fetchDocument, postCallback, type GatewayConnection } from './gateway-calls.js';
import { PickupBook, type NetworkPickup } from './pickup-book.js';

export type { NetworkFault } from './faults.js';
export { GatewayCallError } from './gateway-calls.js';
export type { NetworkPickup } from './pickup-book.js';

/** Requests larger than this are refused with 413. */
const MAX_REQUEST_BYTES = 16 * 1024;
/** Seconds a client should wait during maintenance. */
const MAINTENANCE_RETRY_AFTER_SECONDS = 600;

/** One issuance request as the simulator saw it, for tests that count attempts. */
export interface ReceivedRequest {
  method: string;
  path: string;
  requestId: string | undefined;
}

/** A running store network simulator. */
export interface ConvenienceStoreSimulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  /**
   * A kiosk prints the pickup: fetches the PDF from the gateway with the store
   * key, naming the kiosk `terminal` (default `kiosk-0001`) in X-Store-Terminal,
   * then posts the signed `printed` callback. Rejects with `GatewayCallError`
   * when the gateway refuses either call.
   */
  print(pickupCode: string, terminal?: string): Promise<{ pdf: Buffer }>;
  /** The network gives up on the pickup and posts the signed `expired` callback. */
  expire(pickupCode: string): Promise<void>;
  /** While on, every issuance request is answered 503 with Retry-After (the network's maintenance window). */
  setMaintenance(on: boolean): void;
  /** The next `times` issuance requests (default 1) show this fault instead of the normal answer. */
  injectFault(fault: NetworkFault, times?: number): void;
  clearFaults(): void;
  requests(): readonly ReceivedRequest[];
  pickups(): readonly NetworkPickup[];
  /** Stops listening and drops every open connection, including hanging ones. */
  close(): Promise<void>;
}

/** The kiosk `print` names when the test names none. */
const DEFAULT_TERMINAL = 'kiosk-0001';

export interface ConvenienceStoreSimulatorOptions {
  /** The only bearer key the network accepts from the gateway. */
  apiKey: string;
  /** Where the gateway is, for document fetches and callbacks. Needed by `print` and `expire`. */
  gatewayUrl?: string;
  /** The network's key at the gateway (role `store-network`). Default `dev-store-key`. */
  storeKey?: string;
  /** HMAC secret the callbacks are signed with (`t=<unix>,v1=<hex>`). */
  callbackSecret: string;
  /** The network's clock: expiry checks, the `at` of reports, and the `t` their signatures carry. */
  clock?: () => Date;
  /** Default 0: any free port. */
  port?: number;
  /** Municipalities the network serves. Default: 271004 only. */
  municipalities?: string[];
}

/**
 * Starts a simulated convenience-store network (the J-LIS 証明書交付センター
 * side) on 127.0.0.1 with the API in `adapters/convenience-store/README.md`:
 * bearer key, JSON errors, dedup by request id, 12-digit pickup codes,
 * maintenance 503s and injectable faults. `print`/`expire` drive the network's
 * calls to the gateway as a kiosk would.
 */
export async function startConvenienceStoreSimulator(options: ConvenienceStoreSimulatorOptions): Promise<ConvenienceStoreSimulator> {
  const clock = options.clock ?? (() => new Date());
  const book = new PickupBook();
  const faults = new FaultQueue();
  const received: ReceivedRequest[] = [];
  const municipalities = new Set(options.municipalities ?? [OSAKA_CITY_MUNICIPALITY_CODE]);
  let maintenance = false;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const entry: ReceivedRequest = { method: request.method ?? '', path, requestId: undefined };
    received.push(entry);
    const fault = faults.next();
    if (fault) {
      showFault(fault, request, response);
      return;
    }
    if (path !== '/v1/issuance-requests') {
      request.resume();
      sendError(response, 404, 'not_found', 'No such resource');
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      sendError(response, 405, 'method_not_allowed', 'Use POST');
      return;
    }
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) {
      request.resume();
      sendError(response, 401, 'unauthorized', 'Invalid API key');
      return;
    }
    if (maintenance) {
      request.resume();
      sendJson(response, 503, errorBody('maintenance', 'The network is in maintenance'), { 'retry-after': String(MAINTENANCE_RETRY_AFTER_SECONDS) });
      return;
    }
    readTextDraining(request, MAX_REQUEST_BYTES)
      .then((raw) => {
        if (raw === undefined) {
          sendError(response, 413, 'request_too_large', `Request bodies are limited to ${MAX_REQUEST_BYTES} bytes`);
          return;
        }
        answerIssuance(raw, entry, response);
      })
      .catch(() => response.destroy());
  });

  function answerIssuance(raw: string, entry: ReceivedRequest, response: ServerResponse): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      sendError(response, 400, 'invalid_json', 'The body is not JSON');
      return;
    }
    const parsed = IssuanceRequestWireSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'body';
      sendError(response, 400, 'invalid_request', `Invalid ${where}`);
      return;
    }
    const issuance = parsed.data;
    entry.requestId = issuance.requestId;
    if (!municipalities.has(issuance.municipalityCode)) {
      sendError(response, 422, 'unknown_municipality', 'The network does not serve this municipality');
      return;
    }
    if (Date.parse(issuance.expiresAt) <= clock().getTime()) {
      sendError(response, 422, 'already_expired', 'expiresAt is in the past');
      return;
    }
    const booked = book.book(issuance);
    if (booked.kind === 'reused') {
      sendError(response, 422, 'request_id_reused', 'This requestId was used with other content');
      return;
    }
    const body: IssuanceAcceptedWire = { requestId: issuance.requestId, pickupCode: booked.pickup.pickupCode, expiresAt: booked.pickup.expiresAt };
    sendJson(response, booked.kind === 'created' ? 201 : 409, body);
  }

  function connection(): GatewayConnection {
    if (options.gatewayUrl === undefined) throw new Error('the simulator was started without gatewayUrl');
    return { gatewayUrl: options.gatewayUrl, storeKey: options.storeKey ?? 'dev-store-key', callbackSecret: options.callbackSecret, now: clock };
  }

  function waiting(pickupCode: string): NetworkPickup {
    const pickup = book.byPickupCode(pickupCode);
    if (!pickup) throw new Error('the network has no pickup with this code');
    return pickup;
  }

  const url = await listenOn(server, { port: options.port });

  return {
    url,
    async print(pickupCode, terminal = DEFAULT_TERMINAL) {
      const pickup = waiting(pickupCode);
      const pdf = await fetchDocument(connection(), pickupCode, terminal);
      await postCallback(connection(), { pickupCode, status: 'printed', at: clock().toISOString() });
      pickup.state = 'printed';
      return { pdf };
    },
    async expire(pickupCode) {
      const pickup = waiting(pickupCode);
      await postCallback(connection(), { pickupCode, status: 'expired', at: clock().toISOString() });
      pickup.state = 'expired';
    },
    setMaintenance: (on) => {
      maintenance = on;
    },
    injectFault: (fault, times = 1) => faults.inject(fault, times),
    clearFaults: () => faults.clear(),
    requests: () => [...received],
    pickups: () => book.all(),
    close: () => closeServer(server),
  };
}

function errorBody(code: string, message: string): NetworkErrorWire {
  return { error: { code, message } };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, errorBody(code, message));
}

function showFault(fault: NetworkFault, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  switch (fault.kind) {
    case 'status':
      sendError(response, fault.status, 'injected_fault', 'The network is temporarily unable to answer');
      return;
    case 'hang':
      return;
    case 'reset':
      response.socket?.destroy();
      return;
  }
}
