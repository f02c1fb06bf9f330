import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.js';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kakehashi API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

const DESCRIPTION = [
  "Integration gateway between the city's online application service and its core systems. Errors are RFC 9457 problem details.",
  '',
  '**Staff.** Named city staff use the server-rendered console at `/console` (HTML pages, a session cookie from sign-in at the city ' +
    'OpenID Connect provider), not this API: its ward review queue `/console/reviews` and an application\'s page ' +
    '`/console/reviews/{applicationId}` with decision forms (`POST …/decision`) decide through the same review desk as ' +
    '`/v1/admin/reviews`; the `staff` API key stays for automation.',
  '',
  '**Timeouts.** A request body that stops arriving before it is complete (a Content-Length larger than what is sent, a chunked body without ' +
    'its last chunk) for `http.timeouts.bodyIdleMs` (10 s by default) is answered `408` problem+json `request-timeout`, with `Connection: close`.',
  '',
  "**Answers from Node's HTTP parser.** Some requests are refused by Node.js before the gateway sees them. These answers have no body " +
    '(no problem+json, no `X-Request-Id`) and close the connection: ' +
    '431 for headers larger than 16 KB in total; ' +
    '400 for a CR inside a header (a header line must end in CRLF, and a value holds no bare CR or LF); ' +
    '400 for both Content-Length and Transfer-Encoding on one request (request smuggling is refused, not resolved); ' +
    '408 for headers that do not complete within `http.timeouts.headersMs` (10 s), or a whole request not within `http.timeouts.requestMs` (30 s).',
].join('\n');

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });`;

/**
 * `/openapi.json` (OpenAPI 3.1, generated from the same zod schemas the routes use)
 * and `/docs`, a reference UI served from the swagger-ui-dist package: no CDN, so it
 * works on a closed network.
 */
export function registerDocRoutes(app: OpenAPIHono<AppEnv>): void {
  const directory = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(join(directory, name)) }]));
  assets.set('init.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(INIT) });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'API key of a configured client' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'accessToken', { type: 'apiKey', in: 'header', name: 'X-Access-Token' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Kakehashi',
      version: '1',
      description: DESCRIPTION,
    },
  });
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
}
