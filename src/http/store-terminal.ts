import type { Context } from 'hono';
import { InputError } from '../errors.js';
import type { AppEnv } from './env.js';

/** The header in which the store network names the kiosk a document fetch is for. */
export const STORE_TERMINAL_HEADER = 'X-Store-Terminal';

/** A terminal id: 1–64 of A–Z a–z 0–9 . _ : - */
export const STORE_TERMINAL = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The terminal a document fetch is for: a bounded token, so that it can name
 * a rate-limit bucket. Missing or malformed → 400 `store-terminal-invalid`.
 */
export function storeTerminalOf(c: Context<AppEnv>): string {
  const terminal = c.req.header(STORE_TERMINAL_HEADER);
  if (terminal !== undefined && STORE_TERMINAL.test(terminal)) return terminal;
  throw new InputError(
    'store-terminal-invalid',
    'Send the id of the kiosk in X-Store-Terminal (1–64 of A–Z a–z 0–9 . _ : -).',
    [{ pointer: `header:${STORE_TERMINAL_HEADER}`, code: terminal === undefined ? 'required' : 'invalid-format', message: '1–64 of A–Z a–z 0–9 . _ : -.' }],
    { semantic: false },
  );
}
