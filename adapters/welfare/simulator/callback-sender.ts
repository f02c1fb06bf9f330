/**
 * Posts the package's status callbacks to the gateway: signed JSON, retried
 * with exponential backoff until a 2xx or the attempts run out, as the real
 * package's notification job does. Faults can make one callback arrive twice
 * or carry a wrong signature on its first attempt.
 */
import type { Logger } from '../../../src/logger.js';
import { CALLBACK_SIGNATURE_HEADER, signTimestampedCallback } from '../../../src/callbacks/signature.js';
import type { WelfareCallback } from '../callback.js';
import { MESSAGE_ID_HEADER, WELFARE_CALLBACK_PATH } from '../wire.js';
import type { CallbackFault } from './faults.js';

/** Retry schedule of callbacks. */
export interface CallbackRetry {
  /** Attempts per callback, the first included. Default 6. */
  attempts: number;
  /** Wait before the second attempt; doubles each time, up to 30 s. Default 200 ms. */
  baseDelayMs: number;
  /** Longest wait for one attempt. Default 5 s. */
  timeoutMs: number;
}

/** One attempt to deliver a callback, as the simulator saw it. */
export interface CallbackAttempt {
  messageId: string;
  /** 1 for the first attempt of a delivery. */
  attempt: number;
  /** The gateway's HTTP status; 0 when the request failed without one. */
  status: number;
  /** false when the attempt was signed with a wrong secret on purpose. */
  signedCorrectly: boolean;
  /** 2 for the deliberate second delivery of a `duplicate` fault. */
  delivery: number;
}

/** Options of the sender. */
export interface CallbackSenderOptions {
  callbackUrl: string;
  secret: string;
  retry: CallbackRetry;
  /** The simulator's clock: callbacks are signed with its time, so a gateway on the same clock accepts them. */
  now: () => Date;
  logger?: Logger;
}

const MAX_DELAY_MS = 30_000;

/** Sends callbacks; `settled()` waits for every one started so far. */
export class CallbackSender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controller = new AbortController();
  private readonly log: CallbackAttempt[] = [];
  private readonly url: URL;

  constructor(private readonly options: CallbackSenderOptions) {
    this.url = new URL(options.callbackUrl.replace(/\/+$/, '') + WELFARE_CALLBACK_PATH);
  }

  /** Sends `callback` after `delayMs`, with the fault if any. */
  schedule(callback: WelfareCallback, delayMs: number, fault: CallbackFault | undefined): void {
    const job = this.wait(delayMs).then(async () => {
      const body = JSON.stringify(callback);
      const delivered = await this.deliver(callback.messageId, body, fault?.kind === 'bad-signature', 1);
      if (delivered && fault?.kind === 'duplicate') await this.deliver(callback.messageId, body, false, 2);
    });
    const tracked = job.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Attempts so far, oldest first. */
  attempts(): CallbackAttempt[] {
    return this.log.map((attempt) => ({ ...attempt }));
  }

  /** Resolves when every callback scheduled so far was delivered or given up. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Cancels waiting and in-flight callbacks. */
  close(): void {
    this.controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliver(messageId: string, body: string, badFirstSignature: boolean, delivery: number): Promise<boolean> {
    const { attempts, baseDelayMs, timeoutMs } = this.options.retry;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.controller.signal.aborted) return false;
      const signedCorrectly = !(badFirstSignature && attempt === 1);
      const signature = signTimestampedCallback([signedCorrectly ? this.options.secret : `${this.options.secret}-wrong`], Math.floor(this.options.now().getTime() / 1000), body);
      let status = 0;
      try {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', [CALLBACK_SIGNATURE_HEADER]: signature, [MESSAGE_ID_HEADER]: messageId },
          body,
          signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 0;
      }
      this.log.push({ messageId, attempt, status, signedCorrectly, delivery });
      this.options.logger?.info({ messageId, attempt, status, delivery }, 'welfare simulator sent a callback');
      if (status >= 200 && status < 300) return true;
      if (attempt < attempts) await this.wait(Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (attempt - 1)));
    }
    this.options.logger?.warn({ messageId, attempts }, 'welfare simulator gave up a callback');
    return false;
  }

  private wait(ms: number): Promise<void> {
    if (this.controller.signal.aborted) return Promise.reject(new Error('closed'));
    const signal = this.controller.signal;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('closed'));
      };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.timers.add(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
