import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { figureOf } from './load-figure.js';

/**
 * GET /v1/applications/{id} under load, in its own process like load-generator.ts:
 * `status-load-generator.ts <base url> <ids file> <seconds> <connections>`. The ids
 * file holds one application id a line (the growth bench samples them across the
 * whole store); each request asks for the next one, as the dev frontend that
 * submitted them. Prints the same JSON line as load-generator.ts.
 */
const [base, idsFile, seconds, connections] = process.argv.slice(2);
if (!base || !idsFile) throw new Error('usage: status-load-generator.ts <base url> <ids file> <seconds> <connections>');
const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
let next = 0;
const result = await autocannon({
  url: base,
  connections: Number(connections ?? 64),
  duration: Number(seconds ?? 5),
  headers: { authorization: 'Bearer dev-frontend-key' },
  requests: [{ setupRequest: (request) => ({ ...request, method: 'GET', path: `/v1/applications/${ids[next++ % ids.length]}` }) }],
});
process.stdout.write(`${JSON.stringify(figureOf(result, Number(seconds)))}\n`);
