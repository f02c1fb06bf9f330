import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, RequestTimeoutError } from '../errors.js';

/**
 * Reads a request body from Node's socket stream: at most `maxBytes`, and no
 * more than `idleMs` without a byte arriving (a body that stalls after its
 * headers, e.g. a Content-Length larger than what is sent, or a chunked body
 * that never ends). Rejects with a 413 or 408 gateway error, which the
 * application can still answer, or with the stream's own error when the client
 * hangs up. `idleMs` undefined: only Node's request timeout bounds the wait.
 */
export function readSocketBody(incoming: IncomingMessage, limits: { maxBytes: number; idleMs: number | undefined; tooLarge: () => PayloadTooLargeError }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      if (limits.idleMs === undefined) return;
      // the same timer restarted for each chunk: cheaper than clearing one and setting another
      if (idle) idle.refresh();
      else idle = setTimeout(() => settle(() => reject(stalled(limits.idleMs!))), limits.idleMs);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) return settle(() => reject(limits.tooLarge()));
      chunks.push(chunk);
      armIdle();
    };
    const onEnd = () => settle(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(incoming.errored ?? Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    const settle = (outcome: () => void) => {
      clearTimeout(idle);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
      outcome();
    };
    if (incoming.readableEnded) return resolve(Buffer.alloc(0));
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
    armIdle();
  });
}

function stalled(idleMs: number): RequestTimeoutError {
  return new RequestTimeoutError('request-timeout', `No part of the request body arrived for ${idleMs} ms; the connection is closed.`);
}
