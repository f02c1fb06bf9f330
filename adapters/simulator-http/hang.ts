import type { ServerResponse } from 'node:http';

/** How a hang ended. */
export type HangOutcome = 'elapsed' | 'client-gone';

/**
 * The "hang" fault of a simulator: a request waits before its answer, unless
 * the client gives up first. Holds the pending waits so that closing the
 * simulator does not leave timers behind.
 */
export class Hangs {
  readonly #timers = new Set<NodeJS.Timeout>();

  /** Waits `ms` milliseconds, or less when the client closes the connection meanwhile. */
  wait(response: ServerResponse, ms: number): Promise<HangOutcome> {
    return new Promise<HangOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve('elapsed');
      }, ms);
      this.#timers.add(timer);
      response.once('close', () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        resolve('client-gone');
      });
    });
  }

  /** Cancels every pending wait; their requests never resolve (closing the server cuts them). */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
