import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Catalog } from '../../catalog/procedure.js';
import { InputError } from '../../errors.js';
import type { FinderQuestion, FinderTree } from '../../finder/finder-tree.js';
import { isLeaf } from '../../finder/finder-tree.js';
import { walkFinder, type FinderPosition } from '../../finder/walk-finder.js';
import type { AppEnv } from '../env.js';
import { LocalizedTextSchema, problemResponse } from '../schemas.js';

/** Longest `answers` value read; far beyond any way through the tree. */
const MAX_ANSWERS_LENGTH = 1100;

const StepSchema = z.object({
  question: z.object({ id: z.string(), text: LocalizedTextSchema }),
  answer: z.object({ id: z.string(), label: LocalizedTextSchema }),
});

const AnswerChoiceSchema = z.object({
  id: z.string().openapi({ example: 'moving' }),
  label: LocalizedTextSchema,
  leadsTo: z.enum(['question', 'procedures']).openapi({ description: 'What choosing this answer shows next' }),
  href: z.string().openapi({ example: '/v1/finder?answers=moving', description: 'GET this to choose the answer' }),
});

const FinderCommon = {
  answers: z.array(z.string()).openapi({ description: 'The answers chosen so far, as sent', example: ['moving'] }),
  path: z.array(StepSchema).openapi({ description: 'Each question asked so far with the answer chosen: breadcrumbs' }),
  back: z.string().nullable().openapi({ description: 'The href one answer back; null at the first question', example: '/v1/finder' }),
};

const FinderQuestionSchema = z
  .object({
    kind: z.literal('question'),
    ...FinderCommon,
    question: z.object({ id: z.string().openapi({ example: 'life-event' }), text: LocalizedTextSchema, answers: z.array(AnswerChoiceSchema) }),
  })
  .openapi('FinderQuestion');

const FinderProceduresSchema = z
  .object({
    kind: z.literal('procedures'),
    ...FinderCommon,
    note: LocalizedTextSchema.optional().openapi({ description: 'What else the resident should know, e.g. a step done at a ward office' }),
    procedures: z.array(
      z.object({
        id: z.string().openapi({ example: 'moving-out' }),
        title: LocalizedTextSchema,
        description: LocalizedTextSchema.optional(),
        url: z.string().openapi({ example: '/v1/procedures/moving-out' }),
      }),
    ),
  })
  .openapi('FinderProcedures');

function hrefOf(answers: readonly string[]): string {
  return answers.length === 0 ? '/v1/finder' : `/v1/finder?answers=${answers.map(encodeURIComponent).join(',')}`;
}

function answersOf(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') return [];
  if (raw.length > MAX_ANSWERS_LENGTH) {
    const message = `answers is at most ${MAX_ANSWERS_LENGTH} characters: answer ids separated by commas.`;
    throw new InputError('query-invalid', message, [{ pointer: 'query:answers', code: 'invalid', message }], { semantic: false });
  }
  return raw.split(',');
}

function questionBody(question: FinderQuestion, answers: readonly string[]) {
  return {
    id: question.id,
    text: question.text,
    answers: question.answers.map((answer) => ({
      id: answer.id,
      label: answer.label,
      leadsTo: isLeaf(answer) ? ('procedures' as const) : ('question' as const),
      href: hrefOf([...answers, answer.id]),
    })),
  };
}

function bodyOf(position: FinderPosition, answers: readonly string[], catalog: Catalog) {
  const common = {
    answers: [...answers],
    path: position.path.map(({ question, answer }) => ({ question: { id: question.id, text: question.text }, answer: { id: answer.id, label: answer.label } })),
    back: answers.length === 0 ? null : hrefOf(answers.slice(0, -1)),
  };
  if (position.kind === 'question') return { kind: 'question' as const, ...common, question: questionBody(position.question, answers) };
  return {
    kind: 'procedures' as const,
    ...common,
    ...(position.leaf.note ? { note: position.leaf.note } : {}),
    procedures: position.leaf.procedures.map((id) => {
      // the finder was checked against this catalog at boot: every id is in it
      const { procedure } = catalog.get(id)!;
      return { id, title: procedure.title, ...(procedure.description ? { description: procedure.description } : {}), url: `/v1/procedures/${id}` };
    }),
  };
}

/** The procedure finder: a question, its answers with the link that chooses each, and at a leaf the procedures. */
export function registerFinderRoutes(app: OpenAPIHono<AppEnv>, tree: FinderTree, catalog: Catalog): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/finder',
    tags: ['catalog'],
    summary: 'Find procedures by answering a few questions',
    description:
      'Walks the question tree of `mappings/finder.yaml` (引越し, 出産, 子育て, 事業, 証明書が必要 …). Without `answers` it returns the first question; ' +
      'with `answers` (the ids of the answers chosen, in order, separated by commas) the next question, or at a leaf the procedures, with their catalog titles. ' +
      'Every answer carries the `href` that chooses it, and `back` goes one answer back, so a frontend only follows links. Texts are in Japanese and English. ' +
      'The answers never concern a person: the walk is anonymous and cacheable.',
    request: {
      query: z.object({ answers: z.string().optional().openapi({ description: 'Answer ids chosen so far, comma-separated', example: 'moving,outside-city' }) }),
    },
    responses: {
      200: { description: 'The next question, or the procedures', content: { 'application/json': { schema: z.union([FinderQuestionSchema, FinderProceduresSchema]) } } },
      400: problemResponse('answers is too long'),
      422: problemResponse('An answer the question does not have, or answers after a leaf'),
    },
  });

  app.get('/v1/finder', (c) => {
    const answers = answersOf(c.req.query('answers'));
    const body = bodyOf(walkFinder(tree, answers), answers, catalog);
    c.header('cache-control', 'public, max-age=300');
    return c.json(body);
  });
}
