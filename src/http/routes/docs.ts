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
      description:
        "Integration gateway between the city's online application service and its core systems. Errors are RFC 9457 problem details. " +
        'Named city staff use the server-rendered console at /console (HTML pages, a session cookie from sign-in at the city OpenID Connect provider), not this API; the staff API key stays for automation.',
    },
  });
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
  });
}
