import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { NotFoundError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { problemType } from '../problem.js';
import { ProblemTypeSchema, ProblemTypeSummarySchema, type ProblemType, type ProblemTypeSummary } from '../problem-types/problem-type.js';
import { PROBLEM_PAGE_CSP, renderProblemTypeIndexPage, renderProblemTypePage } from '../problem-types/problem-type-pages.js';
import { findProblemType, PROBLEM_TYPES } from '../problem-types/registry.js';
import { problemResponse } from '../schemas.js';

/** What a problem type code looks like; anything else is not looked up. */
const PROBLEM_CODE = /^[a-z0-9-]{1,64}$/;

/** The registry changes only with a new release. Vary: the same URL serves HTML to browsers and JSON to programs. */
const CACHE_HEADERS = { 'cache-control': 'public, max-age=3600', vary: 'Accept' };

const PAGE_HEADERS = { ...CACHE_HEADERS, 'content-security-policy': PROBLEM_PAGE_CSP, 'referrer-policy': 'no-referrer' };

function summaryOf(problem: ProblemType): ProblemTypeSummary {
  return { code: problem.code, status: problem.status, title: problem.title, titleJa: problem.titleJa, href: problemType(problem.code) };
}

/** HTML when the client prefers it over JSON (a browser); JSON otherwise, also for a client that takes any type. */
function wantsHtml(c: Context<AppEnv>): boolean {
  return accepts(c, { header: 'Accept', supports: ['application/json', 'text/html'], default: 'application/json' }) === 'text/html';
}

function registerDocs(app: OpenAPIHono<AppEnv>): void {
  const html = { 'text/html': { schema: z.string() } };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/problems',
    tags: ['problem types'],
    summary: 'Every problem type the gateway sends, sorted by code',
    description: 'JSON by default; an HTML page for `Accept: text/html`.',
    responses: {
      200: {
        description: 'The problem types',
        content: { 'application/json': { schema: z.object({ problemTypes: z.array(ProblemTypeSummarySchema) }) }, ...html },
      },
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/problems/{code}',
    tags: ['problem types'],
    summary: 'What a problem type means and what to do about it',
    description: 'The documentation behind a problem body\'s `type` `/problems/{code}`: JSON by default; a page in Japanese and English for `Accept: text/html`.',
    request: { params: z.object({ code: z.string().openapi({ example: 'form-invalid' }) }) },
    responses: {
      200: { description: 'The problem type', content: { 'application/json': { schema: ProblemTypeSchema }, ...html } },
      404: problemResponse('No such problem type'),
    },
  });
}

/**
 * `GET /problems` and `GET /problems/{code}`: the documentation every
 * problem+json `type` URI points at, open to anyone like `/docs`.
 */
export function registerProblemTypeRoutes(app: OpenAPIHono<AppEnv>): void {
  registerDocs(app);
  const index = { problemTypes: PROBLEM_TYPES.map(summaryOf) };
  const indexPage = renderProblemTypeIndexPage(PROBLEM_TYPES);

  app.get('/problems', (c) => (wantsHtml(c) ? c.html(indexPage, 200, PAGE_HEADERS) : c.json(index, 200, CACHE_HEADERS)));
  app.get('/problems/:code', (c) => {
    const code = c.req.param('code');
    const problem = PROBLEM_CODE.test(code) ? findProblemType(code) : undefined;
    if (!problem) throw new NotFoundError('problem-type-unknown', 'There is no problem type with this code; GET /problems lists them.');
    return wantsHtml(c) ? c.html(renderProblemTypePage(problem), 200, PAGE_HEADERS) : c.json(problem, 200, CACHE_HEADERS);
  });
}
