/**
 * A stand-in for the city's welfare package import interface: a real HTTP
 * server that takes CSV uploads in the declared charset, checks them as the
 * package does, deduplicates by message id, acknowledges with an import id,
 * and later posts a signed status callback to the gateway, retrying until it
 * is taken. Faults can be injected. Used by the adapter's contract tests, by
 * development and by the demo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EraTable } from '../../../src/jp/era.js';
import type { Logger } from '../../../src/logger.js';
import { Hangs } from '../../simulator-http/hang.js';
import { closeServer, listenOn } from '../../simulator-http/listen.js';
import { readBodyWithin } from '../../simulator-http/read-body.js';
import { isWelfareRecordType, MESSAGE_ID_PATTERN, WELFARE_LAYOUTS, WELFARE_REPLY_CODES } from '../wire.js';
import { CallbackSender, type CallbackAttempt, type CallbackRetry } from './callback-sender.js';
import { callbackFor, childAllowanceIncomeCeiling, defaultDecision, type DecideImport, type SimulatedImport } from './decision.js';
import { FaultQueue, type CallbackFault, type UploadFault } from './faults.js';
import { ImportLedger } from './ledger.js';
import { encodingOf, readUpload } from './read-upload.js';

export { FaultQueue, type CallbackFault, type UploadFault } from './faults.js';
export type { CallbackAttempt, CallbackRetry } from './callback-sender.js';
export {
  childAllowanceIncomeCeiling,
  CEILING_BASE,
  CEILING_PER_DEPENDANT,
  DEFAULT_REJECTION_REASON,
  FLAT_DEDUCTION,
  INCOME_OVER_CEILING_REASON,
  monthAfter,
  type DecideImport,
  type Decision,
  type SimulatedImport,
} from './decision.js';

/** Options of `startWelfareSimulator`. */
export interface WelfareSimulatorOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** The gateway's base URL; callbacks go to `{callbackUrl}/v1/callbacks/welfare`. Without it no callbacks are sent. */
  callbackUrl?: string;
  /** HMAC secret shared with the gateway for this system. */
  callbackSecret: string;
  /** Decides each import; default: completed, or rejected when the claimant's income is over the 所得上限限度額. */
  decide?: DecideImport;
  /** 所得上限限度額 by number of dependants for the default decision; `null` for no income limit. */
  incomeCeiling?: ((dependants: number) => number) | null;
  /** Wait between the import and its callback. Default 100 ms. */
  callbackDelayMs?: number;
  callbackRetry?: Partial<CallbackRetry>;
  /** Receives one line per request and callback attempt: endpoint, status, codes, message id. Never bodies. */
  logger?: Logger;
  /** Clock for import dates and 支給開始年月; default the system clock. */
  now?: () => Date;
  eras?: EraTable;
  /** Largest upload accepted, in bytes; default 1 MiB. */
  maxBodyBytes?: number;
}

/** One request as the simulator received it. */
export interface ReceivedUpload {
  method: string;
  path: string;
  messageId: string | undefined;
  contentType: string | undefined;
  /** The raw body bytes. */
  body: Buffer;
  status: number;
}

/** A running simulator. */
export interface WelfareSimulator {
  /** Base URL, e.g. `http://127.0.0.1:53124`. */
  url: string;
  /** Faults of the next uploads (and health probes). */
  faults: FaultQueue<UploadFault>;
  /** Faults of the next callbacks. */
  callbackFaults: FaultQueue<CallbackFault>;
  /** Requests received so far, oldest first. */
  received(): ReceivedUpload[];
  /** Imports so far, oldest first (each message id once). */
  imports(): SimulatedImport[];
  /** Callback attempts so far, oldest first. */
  callbacks(): CallbackAttempt[];
  /** Resolves when every callback scheduled so far was delivered or given up. */
  settled(): Promise<void>;
  /** Stops listening, cuts open connections (including hanging ones) and cancels pending callbacks. */
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const IMPORT_PATH = /^\/api\/v1\/imports\/([^/]+)$/;
const HEALTH_PATH = '/api/v1/health';

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body: JSON.stringify(body), ...(headers ? { headers } : {}) });
const errorReply = (status: number, error: string, message: string, headers?: Record<string, string>): Reply => json(status, { error, message }, headers);

/** Starts the simulator. Resolves once it listens. */
export async function startWelfareSimulator(options: WelfareSimulatorOptions): Promise<WelfareSimulator> {
  if (options.callbackSecret.length === 0) throw new RangeError('the callback secret is empty');
  const eras = options.eras ?? new EraTable();
  const now = options.now ?? (() => new Date());
  const decide = options.decide ?? defaultDecision(options.incomeCeiling === undefined ? childAllowanceIncomeCeiling : options.incomeCeiling);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const faults = new FaultQueue<UploadFault>();
  const callbackFaults = new FaultQueue<CallbackFault>();
  const ledger = new ImportLedger();
  const received: ReceivedUpload[] = [];
  const hangs = new Hangs();
  const sender =
    options.callbackUrl === undefined
      ? undefined
      : new CallbackSender({
          callbackUrl: options.callbackUrl,
          secret: options.callbackSecret,
          retry: { attempts: 6, baseDelayMs: 200, timeoutMs: 5_000, ...options.callbackRetry },
          now,
          ...(options.logger ? { logger: options.logger } : {}),
        });

  function importUpload(recordType: string, messageId: string | undefined, contentType: string | undefined, raw: Buffer): Reply {
    if (!isWelfareRecordType(recordType)) return errorReply(404, WELFARE_REPLY_CODES.unknownRecordType, 'no import is configured for this record type');
    const encoding = encodingOf(contentType);
    if (encoding === undefined) return errorReply(415, WELFARE_REPLY_CODES.unsupportedMediaType, 'send text/csv with charset Shift_JIS or utf-8');
    if (messageId === undefined) return json(400, { errors: [{ code: WELFARE_REPLY_CODES.missingMessageId }] });
    const earlier = ledger.find(messageId);
    if (earlier) return json(409, { error: WELFARE_REPLY_CODES.duplicateMessageId, importId: earlier.importId, records: earlier.records });
    const reading = readUpload(raw, encoding, WELFARE_LAYOUTS[recordType], messageId, eras);
    if (!reading.ok) return json(400, { errors: reading.errors });
    const item = ledger.add({ recordType, messageId, receivedAt: now(), records: reading.records, record: reading.record });
    if (sender) {
      const callback = callbackFor(item, decide(item), ledger.nextCertificationNumber(item.receivedAt));
      sender.schedule(callback, options.callbackDelayMs ?? 100, callbackFaults.take());
    }
    return json(202, { importId: item.importId, status: 'accepted', records: item.records });
  }

  function handle(method: string, path: string, messageId: string | undefined, contentType: string | undefined, raw: Buffer): Reply {
    if (path === HEALTH_PATH) {
      return method === 'GET' ? json(200, { status: 'ok' }) : errorReply(405, WELFARE_REPLY_CODES.methodNotAllowed, 'use GET', { allow: 'GET' });
    }
    const target = IMPORT_PATH.exec(path);
    if (!target) return errorReply(404, WELFARE_REPLY_CODES.notFound, 'no such endpoint');
    if (method !== 'POST') return errorReply(405, WELFARE_REPLY_CODES.methodNotAllowed, 'use POST', { allow: 'POST' });
    try {
      return importUpload(decodeURIComponent(target[1]!), messageId, contentType, raw);
    } catch (error) {
      options.logger?.error({ err: error instanceof Error ? error.name : 'unknown' }, 'welfare simulator failed');
      return errorReply(500, WELFARE_REPLY_CODES.internal, 'internal error');
    }
  }

  function send(response: ServerResponse, reply: Reply): void {
    response.writeHead(reply.status, { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
    response.end(reply.body);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const rawId = request.headers['x-message-id'];
    const messageId = typeof rawId === 'string' && MESSAGE_ID_PATTERN.test(rawId) ? rawId : undefined;
    const contentType = request.headers['content-type'];
    const raw = await readBodyWithin(request, maxBodyBytes);
    const entry: ReceivedUpload = { method, path, messageId, contentType, body: raw ?? Buffer.alloc(0), status: 0 };
    received.push(entry);
    const finish = (reply: Reply, fault?: UploadFault) => {
      entry.status = reply.status;
      options.logger?.info({ path: IMPORT_PATH.test(path) ? '/api/v1/imports/{recordType}' : path, status: reply.status, messageId, fault: fault?.kind }, 'welfare simulator replied');
      if (fault?.kind === 'drop-connection') {
        response.writeHead(reply.status, { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(reply.body) });
        response.write(reply.body.slice(0, Math.floor(reply.body.length / 2)), () => response.socket?.destroy());
      } else if (fault?.kind === 'malformed-json') {
        send(response, { status: 202, body: `${reply.body.slice(0, -1)},}` });
      } else {
        send(response, reply);
      }
    };
    if (raw === null) {
      finish({ ...errorReply(413, WELFARE_REPLY_CODES.tooLarge, `uploads are limited to ${maxBodyBytes} bytes`), headers: { connection: 'close' } });
      return;
    }
    const fault = faults.take();
    if (fault?.kind === 'status') {
      const maintenance = fault.status === 503;
      finish(
        errorReply(fault.status, maintenance ? WELFARE_REPLY_CODES.maintenance : WELFARE_REPLY_CODES.internal, maintenance ? 'the system is under maintenance' : 'internal error', maintenance ? { 'retry-after': '60' } : undefined),
        fault,
      );
      return;
    }
    if (fault?.kind === 'hang' && (await hangs.wait(response, fault.ms)) === 'client-gone') return;
    finish(handle(method, path, messageId, contentType, raw), fault);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(response, errorReply(500, WELFARE_REPLY_CODES.internal, 'internal error'));
      else response.destroy();
    });
  });
  const url = await listenOn(server, { host: options.host, port: options.port });

  return {
    url,
    faults,
    callbackFaults,
    received: () => received.map((entry) => ({ ...entry, body: Buffer.from(entry.body) })),
    imports: () => ledger.all().map((item) => structuredClone(item)),
    callbacks: () => sender?.attempts() ?? [],
    settled: async () => sender?.settled(),
    close: async () => {
      sender?.close();
      hangs.clear();
      await closeServer(server);
      await sender?.settled();
    },
  };
}
