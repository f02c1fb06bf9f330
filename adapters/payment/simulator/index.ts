import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { z } from 'zod';
import { closeServer, listenOn } from '../../simulator-http/listen.js';
import { readTextDraining } from '../../simulator-http/read-text.js';
import { CapturePaymentRequestSchema, CreatePaymentRequestSchema, CreateRefundRequestSchema, type ErrorType, type ErrorWire, type PaymentWire } from '../wire.js';
import { FaultQueue, type SimulatorFault } from './faults.js';
import { LedgerRefusal, PaymentLedger, type NewPayment } from './ledger.js';

export type { SimulatorFault } from './faults.js';
export type { NewPayment } from './ledger.js';

/** Requests larger than this are refused with 413, as real providers do. */
const MAX_REQUEST_BYTES = 64 * 1024;

/** One request as the simulator saw it, for tests that count attempts. */
export interface ReceivedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
}

/** A running payment provider simulator. */
export interface PaymentSimulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  /** Creates a payment directly in the ledger (as if a resident had paid at the provider's page). */
  createPayment(input: NewPayment): PaymentWire;
  /** The next `times` requests (default 1) show this fault instead of the normal answer. */
  injectFault(fault: SimulatorFault, times?: number): void;
  clearFaults(): void;
  /** Every request received so far, in order. */
  requests(): readonly ReceivedRequest[];
  /** Stops listening and drops every open connection, including hanging ones. */
  close(): Promise<void>;
}

export interface PaymentSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** The only bearer key the simulator accepts. */
  apiKey: string;
  clock?: () => Date;
}

/**
 * Starts a card payment provider simulator on 127.0.0.1: the REST API in
 * `adapters/payment/README.md`, with bearer keys, JSON errors, idempotency
 * keys on POST and injectable faults.
 */
export async function startPaymentSimulator(options: PaymentSimulatorOptions): Promise<PaymentSimulator> {
  const ledger = new PaymentLedger(options.clock ?? (() => new Date()));
  const faults = new FaultQueue();
  const received: ReceivedRequest[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const idempotencyKey = request.headers['idempotency-key'];
    received.push({ method: request.method ?? '', path, idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined });

    const fault = faults.next();
    if (fault && fault.kind !== 'lose-answer') {
      showFault(fault, request, response);
      return;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      if (fault) {
        response.socket?.destroy();
        return;
      }
      sendJson(response, status, body, headers);
    };
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) {
      request.resume();
      send(401, errorBody('authentication_error', 'invalid_api_key', 'Invalid API key provided'), { 'www-authenticate': 'Bearer' });
      return;
    }
    readTextDraining(request, MAX_REQUEST_BYTES)
      .then((raw) => {
        if (raw === undefined) {
          send(413, errorBody('invalid_request_error', 'request_too_large', `Request bodies are limited to ${MAX_REQUEST_BYTES} bytes`));
          return;
        }
        const key = typeof idempotencyKey === 'string' && request.method === 'POST' ? idempotencyKey : undefined;
        const fingerprint = `${request.method} ${path} ${raw}`;
        const earlier = key === undefined ? undefined : idempotency.get(key);
        if (earlier && earlier.fingerprint !== fingerprint) {
          send(400, errorBody('idempotency_error', 'idempotency_key_reused', 'Keys for idempotent requests can only be used with the same parameters'));
          return;
        }
        if (earlier) {
          send(earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
          return;
        }
        const answer = route(request.method ?? '', path, raw, ledger);
        if (key !== undefined && answer.status < 500) {
          idempotency.set(key, { fingerprint, status: answer.status, body: answer.body });
        }
        send(answer.status, answer.body);
      })
      .catch(() => response.destroy());
  });

  const url = await listenOn(server, { port: options.port });

  return {
    url,
    createPayment: (input) => ledger.create(input),
    injectFault: (fault, times = 1) => faults.inject(fault, times),
    clearFaults: () => faults.clear(),
    requests: () => [...received],
    close: () => closeServer(server),
  };
}

interface Answer {
  status: number;
  body: unknown;
}

const PAYMENT_PATH = /^\/v1\/payments\/([^/]+)(\/capture|\/refunds)?$/;

function route(method: string, path: string, raw: string, ledger: PaymentLedger): Answer {
  try {
    if (path === '/v1/payments') {
      if (method !== 'POST') return methodNotAllowed();
      const input = parseBody(raw, CreatePaymentRequestSchema);
      const payment = ledger.create({ amount: input.amount, currency: input.currency, metadata: input.metadata, status: input.capture ? 'captured' : 'authorized' });
      return { status: 201, body: payment };
    }
    const match = PAYMENT_PATH.exec(path);
    const id = match?.[1] === undefined ? undefined : safeDecode(match[1]);
    if (match === null || id === undefined) {
      return { status: 404, body: errorBody('invalid_request_error', 'unrecognized_request_url', 'Unrecognized request URL') };
    }
    const action = match[2];
    if (action === undefined) {
      if (method !== 'GET') return methodNotAllowed();
      return { status: 200, body: ledger.get(id) };
    }
    if (method !== 'POST') return methodNotAllowed();
    if (action === '/capture') {
      parseBody(raw, CapturePaymentRequestSchema);
      return { status: 200, body: ledger.capture(id) };
    }
    const input = parseBody(raw, CreateRefundRequestSchema);
    return { status: 201, body: ledger.refund(id, input.amount, input.reason) };
  } catch (error) {
    if (error instanceof LedgerRefusal) {
      return { status: error.status, body: errorBody('invalid_request_error', error.code, error.message) };
    }
    if (error instanceof InvalidBody) {
      return { status: 400, body: errorBody('invalid_request_error', 'parameter_invalid', error.message) };
    }
    throw error;
  }
}

class InvalidBody extends Error {}

function parseBody<T>(raw: string, schema: z.ZodType<T>): T {
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      throw new InvalidBody('The request body is not valid JSON');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidBody(`Invalid parameter ${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function methodNotAllowed(): Answer {
  return { status: 405, body: errorBody('invalid_request_error', 'method_not_allowed', 'Method not allowed for this URL') };
}

function errorBody(type: ErrorType, code: string, message: string): ErrorWire {
  return { error: { type, code, message } };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sendError(response: ServerResponse, status: number, type: ErrorType, code: string, message: string): void {
  sendJson(response, status, errorBody(type, code, message));
}

function showFault(fault: Exclude<SimulatorFault, { kind: 'lose-answer' }>, request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  switch (fault.kind) {
    case 'status':
      sendError(response, fault.status, 'api_error', 'injected_fault', 'The service is temporarily unable to answer');
      return;
    case 'hang':
      return;
    case 'body':
      response.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'application/json' });
      response.end(fault.body);
      return;
    case 'oversized-body':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(oversizedJson(fault.bytes));
      return;
    case 'reset':
      response.socket?.destroy();
      return;
  }
}

/** A syntactically valid JSON document of exactly `bytes` bytes (at least 14). */
function oversizedJson(bytes: number): Buffer {
  const prefix = '{"padding":"';
  const suffix = '"}';
  const body = Buffer.alloc(Math.max(bytes, prefix.length + suffix.length), 0x61);
  body.write(prefix, 0);
  body.write(suffix, body.length - suffix.length);
  return body;
}
