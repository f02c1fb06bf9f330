import pRetry from 'p-retry';
import type { StoreIssuanceAccepted, StoreIssuanceRequest, StoreNetworkClient } from '../../src/issuance/convenience-store/store-network.js';
import type { Logger } from '../../src/logger.js';
import { readBoundedText } from '../http-client/bounded-body.js';
import { ConvenienceStoreError, CONVENIENCE_STORE_SYSTEM, errorForStatus, errorForTransport, invalidResponse } from './errors.js';
import { IssuanceAcceptedWireSchema, IssuanceRequestWireSchema, NetworkErrorWireSchema, OSAKA_CITY_MUNICIPALITY_CODE } from './wire.js';

export interface ConvenienceStoreClientOptions {
  /** e.g. `https://api.kiosk-network.example.jp` (no trailing path). */
  baseUrl: string;
  /** The gateway's key at the network; sent as a bearer token, never logged. */
  apiKey: string;
  /** Limit for one attempt, body included. */
  timeoutMs: number;
  /** 地方公共団体コード sent with every request. Default 271004 (大阪市). */
  municipalityCode?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Immediate retries after the first attempt, for no answer and 5xx other than 503. Default 2. */
  retries?: number;
  /** Delay before the first retry; doubled for each further one, with jitter. Default 200 ms. */
  retryDelayMs?: number;
  /** Largest answer read, in bytes. Default 64 KiB. */
  maxResponseBytes?: number;
}

/**
 * Creates the HTTP client of the store network's issuance API
 * (`adapters/convenience-store/README.md`). A repeated request id is answered
 * 409 with the first code, which counts as success, so a retried or re-run
 * request never makes a second pickup.
 */
export function createConvenienceStoreClient(options: ConvenienceStoreClientOptions): StoreNetworkClient {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/issuance-requests`;
  const fetchImpl = options.fetch ?? fetch;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  const municipalityCode = options.municipalityCode ?? OSAKA_CITY_MUNICIPALITY_CODE;

  async function attempt(body: string, requestId: string, callSignal: AbortSignal | undefined): Promise<StoreIssuanceAccepted> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = callSignal ? AbortSignal.any([callSignal, timeout]) : timeout;
    let status: number;
    let text: string | undefined;
    try {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
        body,
        redirect: 'error',
        signal,
      });
      status = response.status;
      text = await readBoundedText(response, maxResponseBytes);
    } catch (error) {
      if (callSignal?.aborted) throw callSignal.reason;
      throw errorForTransport(timeout.aborted, error);
    }
    if (status !== 201 && status !== 409) throw errorForStatus(status, networkErrorCode(text));
    if (text === undefined) throw invalidResponse(`larger than ${maxResponseBytes} bytes`, status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw invalidResponse('not JSON', status, error);
    }
    const parsed = IssuanceAcceptedWireSchema.safeParse(json);
    if (!parsed.success) {
      // A 409 without a pickup is a conflict of another kind, not a duplicate we can take as success.
      if (status === 409) throw errorForStatus(status, networkErrorCode(text));
      throw invalidResponse(`unexpected ${parsed.error.issues[0]?.path.join('.') || 'body'}`, status);
    }
    if (parsed.data.requestId !== requestId) throw invalidResponse('answered another request', status);
    return { pickupCode: parsed.data.pickupCode, expiresAt: parsed.data.expiresAt };
  }

  return {
    async requestIssuance(request: StoreIssuanceRequest, callOptions: { signal?: AbortSignal } = {}): Promise<StoreIssuanceAccepted> {
      const wire = IssuanceRequestWireSchema.safeParse({
        requestId: request.requestId,
        municipalityCode,
        certificateType: request.certificateType,
        copies: request.copies,
        feeYen: request.feeYen,
        expiresAt: request.expiresAt,
      });
      if (!wire.success) {
        const where = wire.error.issues[0]?.path.join('.') ?? 'request';
        throw new ConvenienceStoreError(false, 'store-network-request-invalid', `the issuance request cannot be sent: invalid ${where}`);
      }
      const body = JSON.stringify(wire.data);
      const accepted = await pRetry(() => attempt(body, request.requestId, callOptions.signal), {
        retries: options.retries ?? 2,
        minTimeout: options.retryDelayMs ?? 200,
        factor: 2,
        randomize: true,
        unref: true,
        signal: callOptions.signal,
        shouldRetry: ({ error }) => error instanceof ConvenienceStoreError && error.quicklyRetryable,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          const classified = error instanceof ConvenienceStoreError ? error : undefined;
          options.logger?.warn(
            {
              system: CONVENIENCE_STORE_SYSTEM,
              attempt: attemptNumber,
              code: classified?.code ?? 'unclassified',
              httpStatus: classified?.httpStatus,
              willRetry: retriesLeft > 0 && classified?.quicklyRetryable === true,
            },
            'store network issuance request failed',
          );
        },
      });
      if (Date.parse(accepted.expiresAt) > Date.parse(request.expiresAt)) {
        throw invalidResponse('expiry later than requested', 201);
      }
      return accepted;
    },
  };
}

function networkErrorCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = NetworkErrorWireSchema.safeParse(JSON.parse(text));
    return parsed.success && /^[a-z0-9_-]{1,64}$/.test(parsed.data.error.code) ? parsed.data.error.code : undefined;
  } catch {
    return undefined;
  }
}
