import { Script } from 'node:vm';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { registerVerifyPage, VERIFY_PAGE_CSP } from '../../src/http/routes/verify-page.js';
import { VERIFY_PAGE_SCRIPT } from '../../src/http/verify-page/page-script.js';

/** A city that is not the dev profile's, so a name the page's code still held would show. */
const CITY = { name: 'かけはし市', nameEn: 'Kakehashi City' };

function pageApp(city: { name: string; nameEn?: string } = CITY): Hono {
  const app = new Hono();
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  registerVerifyPage(app, city);
  return app;
}

async function page(city?: { name: string; nameEn?: string }): Promise<{ response: Response; html: string }> {
  const response = await pageApp(city).request('/verify');
  return { response, html: await response.text() };
}

describe('GET /verify', () => {
  it('serves the page in Japanese with a strict Content-Security-Policy next to the app-wide secure headers', async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(VERIFY_PAGE_CSP);
    expect(VERIFY_PAGE_CSP).toContain("script-src 'self'");
    expect(VERIFY_PAGE_CSP).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html).toMatch(/<html lang="ja"[ >]/);
  });

  it('names the configured city, in Japanese in the page and in both languages for the script, and no other city', async () => {
    const { html } = await page();
    expect(html).toContain('<html lang="ja" data-city="かけはし市" data-city-en="Kakehashi City">');
    expect(html).toContain('<title data-i18n="pageTitle">電子証明書の検証 | かけはし市</title>');
    expect(html).toContain('<p class="site-header__issuer" data-i18n="issuer">かけはし市</p>');
    expect(html).not.toContain('{city}');
    for (const source of [html, VERIFY_PAGE_SCRIPT]) expect(source).not.toMatch(/大阪|Osaka/);
  });

  it('escapes the city name as text, and names the city in Japanese in English too when it has no English name', async () => {
    const { html } = await page({ name: '<b>"市' });
    expect(html).toContain('data-city="&lt;b&gt;&quot;市" data-city-en="&lt;b&gt;&quot;市"');
    expect(html).not.toContain('<b>');
  });

  it('has no inline script, inline style or event-handler attribute, and loads nothing from another origin', async () => {
    const { html } = await page();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('labels every control, groups the two inputs in fieldsets with legends, and announces the result', async () => {
    const { html } = await page();
    const ids = [...html.matchAll(/<(?:input|textarea)[^>]*\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(['document-file', 'document-text', 'signature-file', 'signature-text']);
    for (const id of ids) expect(html).toContain(`<label for="${id}"`);
    expect(html.match(/<fieldset>/g)).toHaveLength(2);
    expect(html.match(/<legend/g)).toHaveLength(2);
    expect(html).toMatch(/<section id="result"[^>]*aria-live="polite"/);
    expect(html).toMatch(/id="form-error"[^>]*role="alert"/);
    expect(html).toMatch(/<button type="submit"[^>]*>検証する<\/button>/);
  });

  it('has an English text for every Japanese text the page shows', async () => {
    const { html } = await page();
    const keys = new Set([...html.matchAll(/data-i18n="([^"]+)"/g)].map((match) => match[1]!));
    expect(keys.size).toBeGreaterThan(15);
    const dictionaries = /var TEXT = (\{[\s\S]*?\n {4}\}\n {2}\});/.exec(VERIFY_PAGE_SCRIPT)?.[1];
    const text = new Script(`(${dictionaries})`).runInNewContext() as Record<'ja' | 'en', Record<string, string>>;
    for (const key of keys) {
      expect(text.ja[key], key).toBeTruthy();
      expect(text.en[key], key).toBeTruthy();
    }
    expect(Object.keys(text.en).sort()).toEqual(Object.keys(text.ja).sort());
  });
});

describe('GET /verify/assets', () => {
  it('serves the script and stylesheet with their types', async () => {
    const app = pageApp();
    const script = await app.request('/verify/assets/verify.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(() => new Script(source)).not.toThrow();
    const css = await app.request('/verify/assets/verify.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.verdict--invalid');
  });

  it('answers 404 for any other name, including inherited property names and traversal', async () => {
    const app = pageApp();
    for (const name of ['nope.js', '__proto__', 'constructor', 'toString', '..%2Fpackage.json', 'verify.js%00']) {
      expect((await app.request(`/verify/assets/${name}`)).status, name).toBe(404);
    }
  });

  it('builds the result from text nodes only, so report values cannot inject markup', () => {
    expect(VERIFY_PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});
