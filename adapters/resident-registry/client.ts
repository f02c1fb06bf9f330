/**
 * The resident registry adapter: XML over HTTP, one request per operation,
 * every failure classified (see ./errors.ts).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { parseXml } from '../../src/codecs/xml.js';
import { UpstreamError } from '../../src/errors.js';
import { EraTable } from '../../src/jp/era.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../src/runner/adapter.js';
import { invalidReplyError, messageInvalidError, RESIDENT_REGISTRY_SYSTEM, statusError, transportError } from './errors.js';
import {
  authenticationSearchDocument,
  certificateSearchDocument,
  errorReplySchema,
  factsSearchDocument,
  householdMembersDocument,
  householdReplySchema,
  MESSAGE_ID_HEADER,
  messageRecordSchemas,
  movingOutDocument,
  movingOutReplySchema,
  RESIDENT_REGISTRY_PATHS,
  REPEATED_ELEMENTS,
  searchReplySchema,
  toResidentRecord,
  type HouseholdRecord,
  type MovingOutNotice,
  type MovingOutReceipt,
  type MyNumberRequest,
  type ResidentFacts,
  type ResidentRecord,
  type ResidentRegistryOperation,
} from './wire.js';

/** Options of `createResidentRegistryAdapter`. */
export interface ResidentRegistryAdapterOptions {
  /** Base URL of the registry interface, e.g. `http://juki.example.lg.jp:8080`. */
  baseUrl: string;
  /** Longest wait for one exchange (request and whole reply), in milliseconds. */
  timeoutMs: number;
  /** Whether this gateway may receive 個人番号 from the registry (the registry also checks). Default false. */
  myNumberPermitted?: boolean;
  /** Largest reply accepted, in bytes. Default 1 MiB. */
  maxReplyBytes?: number;
  fetch?: typeof fetch;
  /** Era table for 和暦 dates; defaults to the standard table. */
  eras?: EraTable;
}

/** Per-call choices of the lookups. */
export interface LookupOptions {
  /** Ask for 個人番号 in the reply. Only honoured when the adapter is permitted. */
  includeMyNumber?: boolean;
  /** Message id for the request; a fresh one when absent. */
  messageId?: string;
}

/** The resident registry: the route runner's adapter plus typed calls. */
export interface ResidentRegistryAdapter extends CoreSystemAdapter {
  /** The resident whose 署名用電子証明書 has this serial number, or null. */
  findByCertificateSerial(signingSerial: string, context: AdapterContext, options?: LookupOptions): Promise<ResidentRecord | null>;
  /** The resident whose 利用者証明用電子証明書 has this serial number, or null (prefill: the resident authenticated, signed nothing). */
  findByAuthenticationSerial(authSerial: string, context: AdapterContext, options?: LookupOptions): Promise<ResidentRecord | null>;
  /** The resident matching the four basic facts, or null. */
  findByFacts(facts: ResidentFacts, context: AdapterContext, options?: LookupOptions): Promise<ResidentRecord | null>;
  /** The household's members, or null when the 世帯番号 is unknown. */
  householdMembers(setaiNumber: string, context: AdapterContext, options?: LookupOptions & { includeRemoved?: boolean }): Promise<HouseholdRecord | null>;
  /** Files a 転出届. The same message id always yields the same receipt. */
  notifyMovingOut(notice: MovingOutNotice, messageId: string, context: AdapterContext): Promise<MovingOutReceipt>;
}

const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

interface Exchange {
  operation: string;
  path: string;
  body: string | null;
  messageId: string;
  /** Statuses that mean "nothing found" rather than failure. */
  notFoundStatuses?: readonly number[];
}

/** The message record checked against its operation's schema; an invalid record is a permanent failure. */
function recordOf<S extends z.ZodType>(schema: S, message: OutboundMessage): z.output<S> {
  const parsed = schema.safeParse(message.record);
  if (!parsed.success) {
    // Field paths only: the values may be personal data.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(record)').join(', ');
    throw messageInvalidError(`the ${message.operation} record is invalid at: ${fields}`);
  }
  return parsed.data;
}

/** Creates the adapter for the `resident-registry` system. */
export function createResidentRegistryAdapter(options: ResidentRegistryAdapterOptions): ResidentRegistryAdapter {
  const baseUrl = new URL(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const eras = options.eras ?? new EraTable();
  const maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const permitted = options.myNumberPermitted ?? false;

  function myNumberRequest(lookup: LookupOptions | undefined): MyNumberRequest {
    return { requested: lookup?.includeMyNumber ?? false, permitted };
  }

  /** One HTTP exchange. Returns the parsed XML, or null for a not-found status. */
  async function exchange(request: Exchange, context: AdapterContext): Promise<unknown> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = AbortSignal.any([context.signal, timeout]);
    const started = Date.now();
    const log = context.log;
    let status = 0;
    try {
      const response = await fetchImpl(new URL(request.path, baseUrl), {
        method: request.body === null ? 'GET' : 'POST',
        headers: {
          accept: 'application/xml',
          ...(request.body === null ? {} : { 'content-type': 'application/xml; charset=UTF-8' }),
          [MESSAGE_ID_HEADER]: request.messageId,
        },
        body: request.body,
        signal,
      });
      status = response.status;
      const declaredLength = Number(response.headers.get('content-length') ?? '0');
      if (declaredLength > maxReplyBytes) {
        await response.body?.cancel();
        throw invalidReplyError(status, new RangeError('reply too large'));
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      log.info({ system: RESIDENT_REGISTRY_SYSTEM, operation: request.operation, messageId: request.messageId, status, ms: Date.now() - started }, 'resident registry replied');
      if (request.notFoundStatuses?.includes(status)) return null;
      const document = decodeDocument(bytes, status);
      if (status >= 200 && status < 300) return document;
      const parsedError = errorReplySchema.safeParse(document);
      throw statusError(status, parsedError.success ? parsedError.data.error.code : undefined);
    } catch (error) {
      if (error instanceof UpstreamError) {
        log.warn({ system: RESIDENT_REGISTRY_SYSTEM, operation: request.operation, messageId: request.messageId, status, code: error.code }, 'resident registry exchange failed');
        throw error;
      }
      const reason = timeout.aborted ? 'timeout' : context.signal.aborted ? 'aborted' : 'network';
      log.warn({ system: RESIDENT_REGISTRY_SYSTEM, operation: request.operation, messageId: request.messageId, status, reason }, 'resident registry exchange failed');
      throw transportError(error, reason);
    }
  }

  function decodeDocument(bytes: Uint8Array, status: number): unknown {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
      return parseXml(text, { maxBytes: maxReplyBytes, arrays: REPEATED_ELEMENTS });
    } catch (error) {
      if (status >= 200 && status < 300) throw invalidReplyError(status, error);
      // An error status with an unreadable body is still that error status.
      return undefined;
    }
  }

  function decodeReply<T>(schema: z.ZodType<T>, document: unknown, status = 200): T {
    const parsed = schema.safeParse(document);
    if (!parsed.success) throw invalidReplyError(status, parsed.error);
    return parsed.data;
  }

  function residentFrom(document: unknown): ResidentRecord | null {
    if (document === null) return null;
    const reply = decodeReply(searchReplySchema, document);
    try {
      return toResidentRecord(reply.residentSearchResponse.resident, eras);
    } catch (error) {
      throw invalidReplyError(200, error);
    }
  }

  const adapter: ResidentRegistryAdapter = {
    system: RESIDENT_REGISTRY_SYSTEM,

    async findByCertificateSerial(signingSerial, context, lookup) {
      const body = certificateSearchDocument(signingSerial, myNumberRequest(lookup));
      const messageId = lookup?.messageId ?? randomUUID();
      return residentFrom(await exchange({ operation: 'find-resident-by-certificate', path: RESIDENT_REGISTRY_PATHS.search, body, messageId, notFoundStatuses: [404] }, context));
    },

    async findByAuthenticationSerial(authSerial, context, lookup) {
      const body = authenticationSearchDocument(authSerial, myNumberRequest(lookup));
      const messageId = lookup?.messageId ?? randomUUID();
      return residentFrom(await exchange({ operation: 'find-resident-by-authentication', path: RESIDENT_REGISTRY_PATHS.search, body, messageId, notFoundStatuses: [404] }, context));
    },

    async findByFacts(facts, context, lookup) {
      let body: string;
      try {
        body = factsSearchDocument(facts, eras, myNumberRequest(lookup));
      } catch (error) {
        throw messageInvalidError('the facts cannot be written as a registry search', error);
      }
      const messageId = lookup?.messageId ?? randomUUID();
      return residentFrom(await exchange({ operation: 'find-resident-by-facts', path: RESIDENT_REGISTRY_PATHS.search, body, messageId, notFoundStatuses: [404] }, context));
    },

    async householdMembers(setaiNumber, context, lookup) {
      const body = householdMembersDocument(lookup?.includeRemoved ?? false, myNumberRequest(lookup));
      const messageId = lookup?.messageId ?? randomUUID();
      const path = RESIDENT_REGISTRY_PATHS.householdMembers(setaiNumber);
      const document = await exchange({ operation: 'household-members', path, body, messageId, notFoundStatuses: [404] }, context);
      if (document === null) return null;
      const reply = decodeReply(householdReplySchema, document).householdMembersResponse;
      try {
        return { setaiNumber: reply.setaiNumber, householdHead: reply.householdHead, members: reply.member.map((member) => toResidentRecord(member, eras)) };
      } catch (error) {
        throw invalidReplyError(200, error);
      }
    },

    async notifyMovingOut(notice, messageId, context) {
      const document = await exchange({ operation: 'moving-out-notice', path: RESIDENT_REGISTRY_PATHS.movingOut, body: movingOutDocument(notice), messageId }, context);
      return decodeReply(movingOutReplySchema, document).movingOutReceipt;
    },

    async deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome> {
      const lookup = { messageId: message.messageId };
      switch (message.operation as ResidentRegistryOperation) {
        case 'find-resident-by-certificate': {
          const record = recordOf(messageRecordSchemas['find-resident-by-certificate'], message);
          return { kind: 'done', result: { resident: await adapter.findByCertificateSerial(record.signingSerial, context, { ...lookup, includeMyNumber: record.includeMyNumber }) } };
        }
        case 'find-resident-by-facts': {
          const { includeMyNumber, ...facts } = recordOf(messageRecordSchemas['find-resident-by-facts'], message);
          return { kind: 'done', result: { resident: await adapter.findByFacts(facts, context, { ...lookup, includeMyNumber }) } };
        }
        case 'household-members': {
          const record = recordOf(messageRecordSchemas['household-members'], message);
          const household = await adapter.householdMembers(record.setaiNumber, context, { ...lookup, includeRemoved: record.includeRemoved, includeMyNumber: record.includeMyNumber });
          return { kind: 'done', result: { household } };
        }
        case 'moving-out-notice': {
          const notice = recordOf(messageRecordSchemas['moving-out-notice'], message);
          return { kind: 'done', result: { receipt: await adapter.notifyMovingOut(notice, message.messageId, context) } };
        }
        default:
          throw messageInvalidError(`unknown resident registry operation "${message.operation}"`);
      }
    },

    async health(context) {
      await exchange({ operation: 'health', path: RESIDENT_REGISTRY_PATHS.health, body: null, messageId: randomUUID() }, context);
    },
  };
  return adapter;
}
