import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_REGISTRY_ERROR_CODES } from '../../adapters/resident-registry/index.js';
import { TAX_ERROR_CODES } from '../../adapters/tax/index.js';
import { WELFARE_ERROR_CODES } from '../../adapters/welfare/index.js';
import { XML_ERROR_CODES } from '../../src/codecs/xml.js';
import { UpstreamError } from '../../src/errors.js';
import { toProblem } from '../../src/http/problem.js';
import type { ProblemType } from '../../src/http/problem-types/problem-type.js';
import { PROBLEM_PAGE_CSP, renderProblemTypePage } from '../../src/http/problem-types/problem-type-pages.js';
import { findProblemType, PROBLEM_TYPES } from '../../src/http/problem-types/registry.js';
import { FRONTEND, newKey, startTestGateway, submit, type TestGateway } from '../support/gateway.js';
import { invalidSamples, validSample } from '../support/fixtures.js';
import { json } from '../support/json.js';
import { literalFirstArguments, readSources, scanSentCodes, type SourceFile, type SourceScan } from '../support/sent-problem-codes.js';

const REGISTRY_DIRECTORY = 'src/http/problem-types/';

/**
 * Constructor calls whose code is not a literal, by file, and where their
 * codes come from. A call of this kind in any other file fails the test
 * until it is added here.
 */
const DYNAMIC_CODE_SOURCES: Record<string, (file: SourceFile, sources: readonly SourceFile[]) => string[]> = {
  'src/json/strict-json.ts': (file) => literalFirstArguments(file.text, 'malformed'),
  'src/intake/payment-check.ts': (file) => literalFirstArguments(file.text, 'refusal'),
  'src/pki/errors.ts': (_file, sources) => sources.flatMap((source) => literalFirstArguments(source.text, 'signatureError')),
  'src/intake/intake.ts': (file) => [...file.text.matchAll(/\{\s*code:\s*'([a-z0-9-]+)',\s*detail:/g)].map((match) => match[1]!),
  'src/store/store-errors.ts': (file) => {
    const kinds = /duplicateRecord\(kind:\s*([^,)]+)/.exec(file.text)?.[1] ?? '';
    return [...kinds.matchAll(/'([a-z-]+)'/g)].map((kind) => `duplicate-${kind[1]}`);
  },
  'src/codecs/xml.ts': () => Object.values(XML_ERROR_CODES),
  'adapters/resident-registry/errors.ts': () => Object.values(RESIDENT_REGISTRY_ERROR_CODES),
  'adapters/tax/errors.ts': () => Object.values(TAX_ERROR_CODES),
  'adapters/welfare/errors.ts': () => Object.values(WELFARE_ERROR_CODES),
};

/** Registry codes the source builds from parts (`duplicate-${kind}` in src/store/store-errors.ts), so they occur nowhere in full. */
const BUILT_CODES = new Set(['duplicate-application', 'duplicate-job']);

function statusesOf(problem: ProblemType): number[] {
  return Array.isArray(problem.status) ? problem.status : [problem.status];
}

describe('the problem type registry', () => {
  const sources = readSources();
  const sourcesOutsideRegistry = sources.filter((file) => !file.path.startsWith(REGISTRY_DIRECTORY));
  let scan: SourceScan;
  /** Every code the source sends, with the statuses its sites send it with (undefined: not known from the source). */
  const sentStatuses = new Map<string, Set<number | undefined>>();

  beforeAll(async () => {
    scan = await scanSentCodes(sources);
    const add = (code: string, status: number | undefined) => sentStatuses.set(code, new Set([...(sentStatuses.get(code) ?? []), status]));
    for (const sent of scan.sent) add(sent.code, sent.status);
    for (const site of scan.dynamic) {
      const file = sources.find((source) => source.path === site.file)!;
      for (const code of DYNAMIC_CODE_SOURCES[site.file]?.(file, sources) ?? []) add(code, site.status);
    }
  });

  it('finds the thrown codes where they are literal', () => {
    expect(scan.sent.length).toBeGreaterThan(80);
    expect(scan.sent.map((sent) => sent.code)).toEqual(expect.arrayContaining(['form-invalid', 'method-not-allowed', 'internal-error', 'store-network-timeout']));
  });

  it('knows where the code of every non-literal constructor call comes from', () => {
    const unresolved = scan.dynamic.filter((site) => !Object.hasOwn(DYNAMIC_CODE_SOURCES, site.file)).map((site) => `${site.where}: ${site.argument}`);
    expect(unresolved).toEqual([]);
    for (const [path, codesOf] of Object.entries(DYNAMIC_CODE_SOURCES)) {
      const file = sources.find((source) => source.path === path);
      expect(file, path).toBeDefined();
      expect(codesOf(file!, sources).length, path).toBeGreaterThan(0);
    }
  });

  it('documents every code the source sends', () => {
    const undocumented = [...sentStatuses.keys()].filter((code) => !findProblemType(code)).sort();
    expect(undocumented).toEqual([]);
  });

  it('documents nothing the source no longer sends', () => {
    const stale = PROBLEM_TYPES.map((problem) => problem.code).filter(
      (code) => !BUILT_CODES.has(code) && !sourcesOutsideRegistry.some((file) => file.text.includes(`'${code}'`) || file.text.includes(`"${code}"`)),
    );
    expect(stale).toEqual([]);
    for (const code of BUILT_CODES) expect(sentStatuses.has(code), code).toBe(true);
  });

  it('gives each code the statuses it is sent with', () => {
    const wrong = [...sentStatuses].flatMap(([code, statuses]) => {
      const problem = findProblemType(code);
      const known = [...statuses].filter((status) => status !== undefined);
      if (!problem || known.length === 0) return [];
      const documented = statusesOf(problem);
      const complete = !statuses.has(undefined);
      const matches = known.every((status) => documented.includes(status)) && (!complete || documented.every((status) => known.includes(status)));
      return matches ? [] : [`${code}: sent with ${known.join(', ')}, documented ${documented.join(', ')}`];
    });
    expect(wrong).toEqual([]);
  });

  it('lists only issue codes the source uses', () => {
    const issueCodes = new Set(PROBLEM_TYPES.flatMap((problem) => problem.issueCodes ?? []));
    const unused = [...issueCodes].filter((code) => !sourcesOutsideRegistry.some((file) => file.text.includes(`'${code}'`)));
    expect(unused).toEqual([]);
    for (const problem of PROBLEM_TYPES) if (problem.issueCodes) expect(problem.carriesErrors, problem.code).toBe(true);
  });

  it('titles a core-system failure by its own entry, so a missing adapter is not called a refusal', () => {
    const missing = toProblem(new UpstreamError('tax', false, 'adapter-not-configured', 'No adapter is configured for tax.'), 'request-1').body;
    expect(missing.title).toBe(findProblemType('adapter-not-configured')!.title);
    expect(missing.title).not.toBe(findProblemType('tax-message-invalid')!.title);
    expect(findProblemType('tax-message-invalid')!.title).toBe('Core system refused the message');
    const temporary = toProblem(new UpstreamError('welfare', true, 'welfare-timeout', 'The welfare system did not answer in time.'), 'request-2').body;
    expect(temporary.title).toBe('Core system temporarily failed');
  });

  it('has one entry per code, sorted, with text in both languages', () => {
    const codes = PROBLEM_TYPES.map((problem) => problem.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const problem of PROBLEM_TYPES) {
      expect(problem.code).toMatch(/^[a-z0-9-]{1,64}$/);
      for (const text of [problem.title, problem.description, problem.action]) expect(text.trim(), problem.code).not.toBe('');
      for (const text of [problem.titleJa, problem.descriptionJa, problem.actionJa]) expect(text, problem.code).toMatch(japanese);
    }
  });
});

describe('GET /problems and /problems/{code}', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.dispose());

  const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

  it('serves the page of every problem type that representative requests get', async () => {
    const invalidForm = invalidSamples('business-support-grant')[0]![1].body;
    const responses = [
      await gateway.app.request('/no-such-path'),
      await gateway.app.request('/v1/procedures', { method: 'DELETE' }),
      await gateway.app.request('/v1/applications', { method: 'POST', headers: { ...FRONTEND, 'idempotency-key': newKey(), 'content-type': 'text/plain' }, body: 'x' }),
      await gateway.app.request('/v1/applications', { method: 'POST', headers: { ...FRONTEND, 'content-type': 'application/json' }, body: JSON.stringify(validSample('business-support-grant')) }),
      await submit(gateway, invalidForm),
    ];
    const bodies = await Promise.all(responses.map((response) => json(response)));
    const types = bodies.map((body) => body.type as string);
    expect(types).toEqual(['/problems/not-found', '/problems/method-not-allowed', '/problems/unsupported-media-type', '/problems/idempotency-key-missing', '/problems/form-invalid']);
    for (const body of bodies) expect(body.title, body.type).toBe(findProblemType(body.type.slice('/problems/'.length))!.title);
    for (const type of types) {
      expect((await gateway.app.request(type)).status, type).toBe(200);
      expect((await gateway.app.request(type, { headers: html })).status, type).toBe(200);
    }
  });

  it('answers JSON with all registry fields by default', async () => {
    const response = await gateway.app.request('/problems/form-invalid');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(response.headers.get('vary')).toMatch(/accept/i);
    const body = await json(response);
    expect(body).toEqual(findProblemType('form-invalid'));
    expect(body).toMatchObject({ code: 'form-invalid', status: 422, title: 'Invalid form', carriesErrors: true, issueCodes: expect.arrayContaining(['required', 'too-long']) });
    expect(body.titleJa).toBeTruthy();
    expect(body.descriptionJa).toBeTruthy();
    expect(body.actionJa).toBeTruthy();
  });

  it('answers a browser with a page in Japanese and English under a strict Content-Security-Policy', async () => {
    const response = await gateway.app.request('/problems/idempotency-key-reused', { headers: html });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(PROBLEM_PAGE_CSP);
    expect(PROBLEM_PAGE_CSP).toContain("default-src 'none'");
    expect(PROBLEM_PAGE_CSP).not.toContain('unsafe-inline');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await response.text();
    const problem = findProblemType('idempotency-key-reused')!;
    expect(page).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(page).toMatch(/<section lang="en"/);
    expect(page).toContain(`<h1>${problem.titleJa}</h1>`);
    expect(page).toContain(problem.title);
    expect(page).toContain(problem.actionJa);
    expect(page).toContain(problem.action);
    expect(page).toContain('<code>/problems/idempotency-key-reused</code>');
    expect(page).not.toMatch(/<script|\son[a-z]+=|\ssrc=|<link/i);
  });

  it('escapes registry text on the page', () => {
    const hostile = { ...findProblemType('form-invalid')!, title: '<script>alert(1)</script>', descriptionJa: '"><img src=x onerror=alert(1)>', issueCodes: ['</code><script>'] };
    const page = renderProblemTypePage(hostile);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<code>&lt;/code&gt;&lt;script&gt;</code>');
  });

  it('lists every problem type, sorted by code, with links to their pages', async () => {
    const response = await gateway.app.request('/problems');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const { problemTypes } = await json(response);
    expect(problemTypes).toHaveLength(PROBLEM_TYPES.length);
    const codes = problemTypes.map((entry: { code: string }) => entry.code);
    expect(codes).toEqual([...codes].sort());
    expect(problemTypes).toContainEqual({ code: 'not-found', status: 404, title: 'Not found', titleJa: findProblemType('not-found')!.titleJa, href: '/problems/not-found' });
    for (const entry of problemTypes) expect(entry.href).toBe(`/problems/${entry.code}`);

    const page = await (await gateway.app.request('/problems', { headers: html })).text();
    expect(page).toMatch(/<html lang="ja">/);
    for (const problem of PROBLEM_TYPES) expect(page).toContain(`<a href="/problems/${problem.code}">`);
  });

  it('answers an unknown or hostile code with a 404 problem, never a 500', async () => {
    const paths = ['/problems/no-such-problem', '/problems/%2e%2e', '/problems/__proto__', '/problems/constructor', `/problems/${'a'.repeat(65)}`, `/problems/${'x'.repeat(5000)}`, '/problems/%00', '/problems/NOT-FOUND'];
    for (const path of paths) {
      for (const headers of [{}, html]) {
        const response = await gateway.app.request(path, { headers });
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type'), path).toBe('application/problem+json');
        const body = await json(response);
        expect(['/problems/problem-type-unknown', '/problems/not-found'], path).toContain(body.type);
      }
    }
    expect((await json(await gateway.app.request('/problems/no-such-problem'))).type).toBe('/problems/problem-type-unknown');
  });

  it('needs no credentials and is described in the OpenAPI document', async () => {
    expect((await gateway.app.request('/problems/not-found')).status).toBe(200);
    const document = await json(await gateway.app.request('/openapi.json'));
    expect(document.paths['/problems'].get.responses['200']).toBeDefined();
    expect(document.paths['/problems/{code}'].get.responses['404']).toBeDefined();
    expect(document.components.schemas.ProblemType.properties.carriesErrors).toBeDefined();
  });
});
