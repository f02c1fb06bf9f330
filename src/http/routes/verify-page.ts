import type { Env, Hono } from 'hono';
import { VERIFY_PAGE_CSS } from '../verify-page/page-css.js';
import { verifyPageHtml, type VerifyPageCity } from '../verify-page/page-html.js';
import { VERIFY_PAGE_SCRIPT } from '../verify-page/page-script.js';

/**
 * The page allows only its own script, stylesheet and calls to this origin:
 * no inline code, no third-party origin, no framing.
 */
export const VERIFY_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS: Record<string, { type: string; body: string }> = {
  'verify.css': { type: 'text/css; charset=utf-8', body: VERIFY_PAGE_CSS },
  'verify.js': { type: 'text/javascript; charset=utf-8', body: VERIFY_PAGE_SCRIPT },
};

/**
 * `GET /verify`: the verification page for people (Japanese and English),
 * with its stylesheet and script under `/verify/assets/`. The assets are
 * strings compiled into the module, so the page works the same from `src/`
 * and `dist/` and needs no CDN. The page posts to `POST /v1/verifications`;
 * a QR code link `/verify?id=…&hash=…` verifies on arrival. The page names
 * `city`, the city that issues the certificates.
 */
export function registerVerifyPage<E extends Env>(app: Hono<E>, city: VerifyPageCity): void {
  const html = verifyPageHtml(city);
  app.get('/verify', (c) =>
    c.html(html, 200, {
      'content-security-policy': VERIFY_PAGE_CSP,
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
    }),
  );
  app.get('/verify/assets/:name', (c) => {
    const name = c.req.param('name');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' });
  });
}
