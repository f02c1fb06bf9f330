/**
 * A stand-in for the city's 住民記録システム interface: a real HTTP server
 * speaking the XML documented in ../README.md, serving the resident fixtures,
 * with faults tests can inject. Used by the adapter's contract tests, by
 * development and by the demo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { buildXml } from '../../../src/codecs/xml.js';
import { EraTable } from '../../../src/jp/era.js';
import type { Logger } from '../../../src/logger.js';
import { Hangs } from '../../simulator-http/hang.js';
import { closeServer, listenOn } from '../../simulator-http/listen.js';
import { readBodyWithin } from '../../simulator-http/read-body.js';
import { FaultQueue, type SimulatorFault } from './faults.js';
import { REGISTRY_ERROR_CODES, RegistryRefusal, SimulatedRegistry } from './registry.js';
import { readHouseholdRequest, readMovingOutRequest, readSearchRequest } from './requests.js';
import { loadResidentsFile } from './residents-file.js';

export { FaultQueue, type SimulatorFault } from './faults.js';
export { REGISTRY_ERROR_CODES } from './registry.js';

/** Options of `startResidentRegistrySimulator`. */
export interface ResidentRegistrySimulatorOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Residents JSON; default fixtures/residents/residents.json. */
  residentsFile?: string;
  /** Receives one line per request: endpoint, status, error code, message id. Never bodies. */
  logger?: Logger;
  /** Clock for receipts; default the system clock. */
  now?: () => Date;
  eras?: EraTable;
  /** Largest request body accepted, in bytes; default 256 KiB. */
  maxBodyBytes?: number;
}

/** One request as the simulator received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  messageId: string | undefined;
  contentType: string | undefined;
  body: string;
  status: number;
}

/** A running simulator. */
export interface ResidentRegistrySimulator {
  /** Base URL, e.g. `http://127.0.0.1:53124`. */
  url: string;
  faults: FaultQueue;
  /** Requests received so far, oldest first. */
  received(): ReceivedRequest[];
  /** The 転出届 the registry recorded, one per message id that filed one: what a duplicate delivery must not add to. */
  movingOutReceipts(): { messageId: string; receiptNumber: string }[];
  /** Stops listening and cuts open connections, including hanging ones. */
  close(): Promise<void>;
}

const XML_CONTENT_TYPE = 'application/xml; charset=UTF-8';
const MESSAGE_ID = /^[\x21-\x7E]{1,128}$/;
const HOUSEHOLD_PATH = /^\/jukiapi\/v1\/households\/([^/]+)\/members$/;

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: buildXml('error', { code, message }), ...(headers ? { headers } : {}) };
}

function endpointOf(path: string): string {
  return HOUSEHOLD_PATH.test(path) ? '/jukiapi/v1/households/{setaiNumber}/members' : path;
}

/** Starts the simulator. Resolves once it listens. */
export async function startResidentRegistrySimulator(options: ResidentRegistrySimulatorOptions = {}): Promise<ResidentRegistrySimulator> {
  const file = await loadResidentsFile(options.residentsFile);
  const eras = options.eras ?? new EraTable();
  const registry = new SimulatedRegistry(file, eras, options.now ?? (() => new Date()));
  const faults = new FaultQueue();
  const received: ReceivedRequest[] = [];
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const hangs = new Hangs();

  function route(method: string, path: string, messageId: string | undefined, body: string): Reply {
    const household = HOUSEHOLD_PATH.exec(path);
    const known = path === '/jukiapi/v1/health' || path === '/jukiapi/v1/residents/search' || path === '/jukiapi/v1/notifications/moving-out' || household !== null;
    if (!known) return errorReply(404, REGISTRY_ERROR_CODES.notFound, 'no such endpoint');
    if (path === '/jukiapi/v1/health') {
      return method === 'GET' ? { status: 200, body: buildXml('health', { status: 'ok' }) } : errorReply(405, REGISTRY_ERROR_CODES.methodNotAllowed, 'use GET', { allow: 'GET' });
    }
    if (method !== 'POST') return errorReply(405, REGISTRY_ERROR_CODES.methodNotAllowed, 'use POST', { allow: 'POST' });
    if (path === '/jukiapi/v1/residents/search') {
      const { criteria, myNumber } = readSearchRequest(body);
      return { status: 200, body: buildXml('residentSearchResponse', { resident: registry.search(criteria, myNumber) }) };
    }
    if (household) {
      const request = readHouseholdRequest(body);
      return { status: 200, body: buildXml('householdMembersResponse', registry.household(decodeURIComponent(household[1]!), request.includeRemoved, request.myNumber)) };
    }
    if (messageId === undefined) return errorReply(400, REGISTRY_ERROR_CODES.missingMessageId, 'X-Message-Id is required for notifications');
    const receipt = registry.movingOut(messageId, readMovingOutRequest(body));
    return { status: 200, body: buildXml('movingOutReceipt', { ...receipt }) };
  }

  function handle(method: string, path: string, messageId: string | undefined, contentType: string | undefined, raw: Buffer): Reply {
    if (method === 'POST' && !/^(application|text)\/xml\s*(;\s*charset="?utf-8"?\s*)?$/i.test(contentType ?? '')) {
      return errorReply(415, REGISTRY_ERROR_CODES.unsupportedMediaType, 'send application/xml; charset=UTF-8');
    }
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return errorReply(400, REGISTRY_ERROR_CODES.badRequest, 'the request body is not UTF-8');
    }
    try {
      return route(method, path, messageId, body);
    } catch (error) {
      if (error instanceof RegistryRefusal) return errorReply(error.status, error.code, error.message);
      options.logger?.error({ err: error instanceof Error ? error.name : 'unknown' }, 'resident registry simulator failed');
      return errorReply(500, REGISTRY_ERROR_CODES.internal, 'internal error');
    }
  }

  function send(response: ServerResponse, reply: Reply): void {
    response.writeHead(reply.status, { 'content-type': XML_CONTENT_TYPE, 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
    response.end(reply.body);
  }

  /** Delivers a reply through a fault that damages the delivery rather than replacing the answer. */
  function sendDamaged(response: ServerResponse, reply: Reply, fault: SimulatorFault): void {
    const characters = [...reply.body];
    const firstHalf = characters.slice(0, Math.floor(characters.length / 2)).join('');
    if (fault.kind === 'drop-connection') {
      response.writeHead(reply.status, { 'content-type': XML_CONTENT_TYPE, 'content-length': Buffer.byteLength(reply.body) });
      response.write(firstHalf, () => response.socket?.destroy());
      return;
    }
    if (fault.kind === 'truncated-body') {
      send(response, { status: 200, body: firstHalf });
      return;
    }
    // Mismatched end tag: the classic vendor template bug.
    send(response, { status: 200, body: reply.body.replace('</', '</broken-') });
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const rawId = request.headers['x-message-id'];
    const messageId = typeof rawId === 'string' && MESSAGE_ID.test(rawId) ? rawId : undefined;
    const contentType = request.headers['content-type'];
    const raw = await readBodyWithin(request, maxBodyBytes);
    const entry: ReceivedRequest = { method, path, messageId, contentType, body: raw?.toString('utf8') ?? '', status: 0 };
    received.push(entry);
    const finish = (reply: Reply, fault?: SimulatorFault) => {
      entry.status = reply.status;
      options.logger?.info({ endpoint: endpointOf(path), status: reply.status, messageId, fault: fault?.kind }, 'resident registry simulator replied');
      if (fault && fault.kind !== 'hang' && fault.kind !== 'status') sendDamaged(response, reply, fault);
      else send(response, reply);
    };
    if (raw === null) {
      finish({ ...errorReply(413, REGISTRY_ERROR_CODES.tooLarge, `bodies are limited to ${maxBodyBytes} bytes`), headers: { connection: 'close' } });
      return;
    }
    const fault = faults.take();
    if (fault?.kind === 'status') {
      const retryAfter: Record<string, string> | undefined = fault.status === 503 ? { 'retry-after': '30' } : undefined;
      const code = fault.status === 503 ? REGISTRY_ERROR_CODES.maintenance : REGISTRY_ERROR_CODES.internal;
      finish(errorReply(fault.status, code, fault.status === 503 ? 'the system is under maintenance' : 'internal error', retryAfter), fault);
      return;
    }
    if (fault?.kind === 'hang' && (await hangs.wait(response, fault.ms)) === 'client-gone') return;
    finish(handle(method, path, messageId, contentType, raw), fault);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(response, errorReply(500, REGISTRY_ERROR_CODES.internal, 'internal error'));
      else response.destroy();
    });
  });
  const url = await listenOn(server, { host: options.host, port: options.port });

  return {
    url,
    faults,
    received: () => received.map((entry) => ({ ...entry })),
    movingOutReceipts: () => registry.movingOutReceipts(),
    close: async () => {
      hangs.clear();
      await closeServer(server);
    },
  };
}
