import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Catalog, CompiledProcedure } from '../../catalog/procedure.js';
import { NotFoundError } from '../../errors.js';
import type { AppEnv } from '../env.js';
import { ProcedureDetailSchema, ProcedureSummarySchema, problemResponse } from '../schemas.js';

function summaryOf({ procedure }: CompiledProcedure): z.infer<typeof ProcedureSummarySchema> {
  const fee = procedure.fee;
  return {
    id: procedure.id,
    title: procedure.title,
    ...(procedure.description ? { description: procedure.description } : {}),
    identity: procedure.identity.kind,
    fee: fee.kind === 'free' ? { kind: 'free', currency: 'JPY' } : { kind: fee.kind, amount: fee.amount, currency: 'JPY' },
    issuanceMethods: procedure.issuanceMethods,
    url: `/v1/procedures/${procedure.id}`,
  };
}

/** The catalog: a list for menus, and one procedure with the JSON Schema of its form. */
export function registerProcedureRoutes(app: OpenAPIHono<AppEnv>, catalog: Catalog): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/procedures',
    tags: ['catalog'],
    summary: 'List the procedures residents can apply for',
    responses: { 200: { description: 'The catalog', content: { 'application/json': { schema: z.object({ procedures: z.array(ProcedureSummarySchema) }) } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/procedures/{id}',
    tags: ['catalog'],
    summary: 'One procedure, with the JSON Schema of its form',
    request: { params: z.object({ id: z.string().openapi({ example: 'juminhyo-copy' }) }) },
    responses: {
      200: { description: 'The procedure', content: { 'application/json': { schema: ProcedureDetailSchema } } },
      404: problemResponse('No such procedure'),
    },
  });

  const list = { procedures: catalog.list().map(summaryOf) };
  app.get('/v1/procedures', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(list);
  });
  app.get('/v1/procedures/:id', (c) => {
    const compiled = catalog.get(c.req.param('id'));
    if (!compiled) throw new NotFoundError('procedure-not-found', 'There is no procedure with this id.');
    c.header('cache-control', 'public, max-age=300');
    return c.json({
      ...summaryOf(compiled),
      form: compiled.jsonSchema,
      route: compiled.procedure.route.map(({ name, action, system }) => ({ name, action, ...(system ? { system } : {}) })),
    });
  });
}
