import type { TextKey } from './texts.js';

/**
 * An error the console answers with an HTML page (never problem+json): the
 * status, the page's title and body texts, and whether to offer signing in.
 */
export class ConsoleError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 503,
    readonly title: TextKey,
    readonly body: TextKey,
    readonly offerSignIn = false,
    options: { cause?: unknown } = {},
  ) {
    super(`${title}: ${body}`, options);
    this.name = 'ConsoleError';
  }
}
