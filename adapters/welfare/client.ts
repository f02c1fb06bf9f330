/**
 * The welfare adapter: each message becomes one CSV upload to the package's
 * import endpoint; the package acknowledges with an import id and posts its
 * decision later as a signed callback, correlated by the message id.
 */
import { charsetChangeNote } from '../../src/codecs/charset-notes.js';
import { z } from 'zod';
import { enforceCharsetPolicy, type CharsetPolicy, type FieldChange } from '../../src/codecs/charset-policy.js';
import type { Cp932Options } from '../../src/codecs/cp932.js';
import type { DegradeTable } from '../../src/codecs/degrade.js';
import { ConfigurationError, UpstreamError } from '../../src/errors.js';
import { EraTable } from '../../src/jp/era.js';
import type { Logger } from '../../src/logger.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../src/runner/adapter.js';
import { readBoundedBody } from '../http-client/bounded-body.js';
import { encodeCsvFile, layoutRows } from './csv-file.js';
import { charactersHeldError, fileRejectedError, invalidReplyError, messageInvalidError, statusError, transportError, WELFARE_SYSTEM } from './errors.js';
import { parseJsonBody } from './read-reply.js';
import { createRecordSchemas } from './records.js';
import {
  acknowledgementSchema,
  CSV_CONTENT_TYPES,
  duplicateReplySchema,
  errorReplySchema,
  isWelfareRecordType,
  MESSAGE_ID_HEADER,
  MESSAGE_ID_PATTERN,
  rejectionReplySchema,
  WELFARE_LAYOUTS,
  WELFARE_PATHS,
  type WelfareEncoding,
  type WelfareRecordType,
} from './wire.js';

/** What the adapter does with characters CP932 cannot hold (UTF-8 uploads hold every character). */
export interface WelfareCharsetPolicy {
  policy: CharsetPolicy;
  /** Required for `degrade`. */
  degrade?: DegradeTable;
  /** Repertoire of the package's CP932. */
  cp932?: Cp932Options;
}

/** Options of `createWelfareAdapter`. */
export interface WelfareAdapterOptions {
  /** Base URL of the package's interface, e.g. `http://fukushi.example.lg.jp:8443`. */
  baseUrl: string;
  /** Longest wait for one exchange (upload and whole reply), in milliseconds. */
  timeoutMs: number;
  /** Encoding of uploads; `cp932` (sent as Shift_JIS) suits the package's default import settings. */
  encoding: WelfareEncoding;
  /** Per record type encodings, where the package's import for that type is configured otherwise. */
  encodingByRecordType?: Partial<Record<WelfareRecordType, WelfareEncoding>>;
  /** Start UTF-8 uploads with a byte order mark (some import settings want one). Default false. */
  utf8Bom?: boolean;
  charsetPolicy: WelfareCharsetPolicy;
  /** Largest reply accepted, in bytes. Default 1 MiB. */
  maxReplyBytes?: number;
  fetch?: typeof fetch;
  /** Where the adapter logs; default the logger of each call's context. */
  logger?: Logger;
  /** Era table for GYYMMDD dates; defaults to the standard table. */
  eras?: EraTable;
}

/** What the package answered to an upload. */
export interface WelfareUploadReceipt {
  importId: string;
  /** Records the package counted in the file. */
  records: number;
  /** true when the package had imported this message id before (409); `importId` is the first import's. */
  duplicate: boolean;
  /** Substitutions made under the `degrade` policy, for the application's timeline. */
  charsetChanges: FieldChange[];
}

/** The welfare package: the route runner's adapter plus the typed upload. */
export interface WelfareAdapter extends CoreSystemAdapter {
  /** Uploads one record. Idempotent by `messageId`. */
  /** `policy` overrides the configured charset policy for this upload (a route step's choice). */
  upload(recordType: WelfareRecordType, record: Record<string, unknown>, messageId: string, context: AdapterContext, policy?: CharsetPolicy): Promise<WelfareUploadReceipt>;
}

const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

const optionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().min(1).max(600_000),
  encoding: z.enum(['cp932', 'utf-8']),
  encodingByRecordType: z.partialRecord(z.enum(Object.keys(WELFARE_LAYOUTS) as [WelfareRecordType]), z.enum(['cp932', 'utf-8'])).optional(),
  charsetPolicy: z
    .object({ policy: z.enum(['reject', 'degrade', 'hold']), degrade: z.unknown().optional() })
    .refine((policy) => policy.policy !== 'degrade' || policy.degrade !== undefined, { path: ['degrade'], message: 'the degrade policy needs a degrade table' }),
  maxReplyBytes: z.number().int().min(1024).optional(),
});

function checkOptions(options: WelfareAdapterOptions): void {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(`welfare adapter: ${issue?.message ?? 'invalid options'}`, { path: `/${(issue?.path ?? []).join('/')}` });
  }
}

/** Creates the adapter for the `welfare` system. Throws ConfigurationError for invalid options. */
export function createWelfareAdapter(options: WelfareAdapterOptions): WelfareAdapter {
  checkOptions(options);
  const baseUrl = new URL(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const schemas = createRecordSchemas(options.eras ?? new EraTable());

  function checkedRecord(recordType: WelfareRecordType, record: unknown): Record<string, unknown> {
    const parsed = schemas[recordType].safeParse(record);
    if (!parsed.success) {
      // Field paths only: the values may be personal data.
      const fields = [...new Set(parsed.error.issues.map((issue) => `/${issue.path.join('/')}`))].join(', ');
      throw messageInvalidError(`the ${recordType} record is invalid at: ${fields}`);
    }
    return parsed.data as Record<string, unknown>;
  }

  /** The record after the charset policy, for a CP932 upload. */
  function encodable(recordType: WelfareRecordType, record: Record<string, unknown>, policy: CharsetPolicy): { record: Record<string, unknown>; changes: FieldChange[] } {
    const { degrade, cp932 } = options.charsetPolicy;
    const outcome = enforceCharsetPolicy(record, { policy, ...(degrade ? { degrade } : {}), ...(cp932 ? { encoding: cp932 } : {}), recordPointer: '/record' });
    if (outcome.kind === 'hold') throw charactersHeldError(outcome.unmappable);
    // A substitution may change a value's length: the degraded record must still be a valid one.
    return { record: checkedRecord(recordType, outcome.record), changes: outcome.changes };
  }

  const adapter: WelfareAdapter = {
    system: WELFARE_SYSTEM,

    async upload(recordType, input, messageId, context, policy = options.charsetPolicy.policy) {
      const log = options.logger ?? context.log;
      if (!isWelfareRecordType(recordType)) throw messageInvalidError(`unknown welfare record type "${String(recordType)}"`);
      if (!MESSAGE_ID_PATTERN.test(messageId)) throw messageInvalidError('the message id is not 1–128 visible ASCII characters');
      const encoding = options.encodingByRecordType?.[recordType] ?? options.encoding;
      let record = checkedRecord(recordType, input);
      let charsetChanges: FieldChange[] = [];
      if (encoding === 'cp932') {
        ({ record, changes: charsetChanges } = encodable(recordType, record, policy));
        if (charsetChanges.length > 0) {
          log.warn({ system: WELFARE_SYSTEM, recordType, messageId, pointers: [...new Set(charsetChanges.map((change) => change.pointer))] }, 'welfare upload: characters degraded by the charset policy');
        }
      }
      const layout = WELFARE_LAYOUTS[recordType];
      const body = encodeCsvFile(layoutRows(layout, record, messageId), { encoding, bom: options.utf8Bom ?? false, ...(options.charsetPolicy.cp932 ? { cp932: options.charsetPolicy.cp932 } : {}) });

      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = AbortSignal.any([context.signal, timeout]);
      const started = Date.now();
      let status = 0;
      try {
        const response = await fetchImpl(new URL(WELFARE_PATHS.import(recordType), baseUrl), {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': CSV_CONTENT_TYPES[encoding], [MESSAGE_ID_HEADER]: messageId },
          body,
          signal,
        });
        status = response.status;
        const bytes = await readBoundedBody(response, maxReplyBytes);
        const reply = bytes === undefined ? undefined : parseJsonBody(bytes);
        log.info({ system: WELFARE_SYSTEM, recordType, messageId, status, bytes: body.length, ms: Date.now() - started }, 'welfare system replied to an upload');
        if (status >= 200 && status < 300) {
          const ack = acknowledgementSchema.safeParse(reply);
          if (!ack.success) throw invalidReplyError(status, ack.error);
          return { importId: ack.data.importId, records: ack.data.records, duplicate: false, charsetChanges };
        }
        if (status === 409) {
          const duplicate = duplicateReplySchema.safeParse(reply);
          if (!duplicate.success) throw invalidReplyError(status, duplicate.error);
          log.info({ system: WELFARE_SYSTEM, recordType, messageId, importId: duplicate.data.importId }, 'welfare system had imported this message before');
          return { importId: duplicate.data.importId, records: duplicate.data.records, duplicate: true, charsetChanges };
        }
        if (status === 400) {
          const rejection = rejectionReplySchema.safeParse(reply);
          throw fileRejectedError(rejection.success ? rejection.data.errors : undefined, layout.columns.map((column) => column.header));
        }
        const error = errorReplySchema.safeParse(reply);
        throw statusError(status, error.success ? error.data.error : undefined);
      } catch (error) {
        if (error instanceof UpstreamError) {
          log.warn({ system: WELFARE_SYSTEM, recordType, messageId, status, code: error.code }, 'welfare upload failed');
          throw error;
        }
        const reason = timeout.aborted ? 'timeout' : context.signal.aborted ? 'aborted' : 'network';
        log.warn({ system: WELFARE_SYSTEM, recordType, messageId, status, reason }, 'welfare upload failed');
        throw transportError(error, reason);
      }
    },

    async deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome> {
      if (!isWelfareRecordType(message.operation)) throw messageInvalidError(`unknown welfare record type "${message.operation}"`);
      const receipt = await adapter.upload(message.operation, message.record, message.messageId, context, message.charset);
      return { kind: 'accepted', correlationKey: message.messageId, ...charsetChangeNote(WELFARE_SYSTEM, receipt.charsetChanges) };
    },

    async health(context) {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = AbortSignal.any([context.signal, timeout]);
      let response: Response;
      try {
        response = await fetchImpl(new URL(WELFARE_PATHS.health, baseUrl), { headers: { accept: 'application/json' }, signal });
        const bytes = await readBoundedBody(response, maxReplyBytes);
        if (response.ok) return;
        const error = errorReplySchema.safeParse(bytes === undefined ? undefined : parseJsonBody(bytes));
        throw statusError(response.status, error.success ? error.data.error : undefined);
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        throw transportError(error, timeout.aborted ? 'timeout' : context.signal.aborted ? 'aborted' : 'network');
      }
    },
  };
  return adapter;
}
