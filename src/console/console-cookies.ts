import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Language } from './texts.js';

/**
 * The console's cookies. Over https (production) they are `Secure` and carry
 * the `__Host-` prefix (host-only, path /, so no other host or path can set
 * them). The dev profile serves the console over plain http on localhost,
 * where a browser would drop a `Secure` cookie of a `__Host-` name: there
 * the same cookies go without both.
 */
export class ConsoleCookies {
  private readonly prefix: string;

  constructor(private readonly secure: boolean) {
    this.prefix = secure ? '__Host-' : '';
  }

  get sessionName(): string {
    return `${this.prefix}kakehashi-staff-session`;
  }

  get signInName(): string {
    return `${this.prefix}kakehashi-staff-sign-in`;
  }

  session(c: Context): string | undefined {
    return getCookie(c, this.sessionName);
  }

  /** A browser-session cookie: the server ends the session at its idle or absolute end. */
  setSession(c: Context, token: string): void {
    setCookie(c, this.sessionName, token, this.options());
  }

  clearSession(c: Context): void {
    deleteCookie(c, this.sessionName, this.options());
  }

  signIn(c: Context): string | undefined {
    return getCookie(c, this.signInName);
  }

  setSignIn(c: Context, token: string, maxAgeSeconds: number): void {
    setCookie(c, this.signInName, token, { ...this.options(), maxAge: maxAgeSeconds });
  }

  clearSignIn(c: Context): void {
    deleteCookie(c, this.signInName, this.options());
  }

  language(c: Context): Language {
    return getCookie(c, 'kakehashi-console-language') === 'en' ? 'en' : 'ja';
  }

  setLanguage(c: Context, language: Language): void {
    setCookie(c, 'kakehashi-console-language', language, { path: '/console', sameSite: 'Lax', maxAge: 365 * 24 * 3600, secure: this.secure });
  }

  private options() {
    return { path: '/', httpOnly: true, secure: this.secure, sameSite: 'Lax' as const };
  }
}
