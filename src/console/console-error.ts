import type { TextKey } from './texts.js';

/**
 * An error the console answers with an HTML page (never problem+json): the
 * status, the page's title and body texts, whether to offer signing in, and
 * optionally a short machine detail shown as text (the field a filter got wrong).
 */
export class ConsoleError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 503,
    readonly title: TextKey,
    readonly body: TextKey,
    readonly offerSignIn = false,
    options: { cause?: unknown; detail?: string } = {},
  ) {
    super(`${title}: ${body}`, options);
    this.name = 'ConsoleError';
    this.detail = options.detail;
  }

  readonly detail: string | undefined;
}
