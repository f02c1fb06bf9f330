import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { json } from '../support/json.js';

interface Choice {
  id: string;
  label: { ja: string; en: string };
  leadsTo: 'question' | 'procedures';
  href: string;
}

describe('GET /v1/finder', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.dispose());

  const get = (path: string) => Promise.resolve(gateway.app.request(path));

  it('starts with the life-event question, in Japanese and English, each answer with the link that chooses it', async () => {
    const response = await get('/v1/finder');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await json(response);
    expect(body).toMatchObject({ kind: 'question', answers: [], path: [], back: null, question: { id: 'life-event', text: { ja: expect.any(String), en: expect.any(String) } } });
    const labels = body.question.answers.map((answer: Choice) => answer.label.ja);
    expect(labels).toEqual(expect.arrayContaining(['引越し', '出産', '子育て', '事業', '証明書が必要']));
    expect(body.question.answers.find((answer: Choice) => answer.id === 'moving')).toEqual({
      id: 'moving',
      label: { ja: '引越し', en: 'Moving house' },
      leadsTo: 'question',
      href: '/v1/finder?answers=moving',
    });
  });

  it('walks 引越し → 市外 to the procedures, with catalog titles, breadcrumbs, a note and the way back', async () => {
    const body = await json(await get('/v1/finder?answers=moving,outside-city'));
    expect(body.kind).toBe('procedures');
    expect(body.answers).toEqual(['moving', 'outside-city']);
    expect(body.path.map((step: { question: { id: string }; answer: { id: string } }) => [step.question.id, step.answer.id])).toEqual([
      ['life-event', 'moving'],
      ['moving-destination', 'outside-city'],
    ]);
    expect(body.back).toBe('/v1/finder?answers=moving');
    expect(body.note.ja).toContain('転入届');
    expect(body.procedures.map((procedure: { id: string }) => procedure.id)).toEqual(['moving-out', 'juminhyo-copy']);
    expect(body.procedures[0]).toMatchObject({ title: { ja: '転出届', en: expect.stringContaining('moving out') }, url: '/v1/procedures/moving-out' });
  });

  it('reaches every shipped procedure by following only the links it hands out', async () => {
    const found = new Set<string>();
    const pending = ['/v1/finder'];
    while (pending.length > 0) {
      const body = await json(await get(pending.pop()!));
      if (body.kind === 'procedures') for (const procedure of body.procedures) found.add(procedure.id);
      else pending.push(...body.question.answers.map((answer: Choice) => answer.href));
    }
    const { procedures } = await json(await get('/v1/procedures'));
    expect([...found].sort()).toEqual(procedures.map((procedure: { id: string }) => procedure.id).sort());
  });

  it('refuses an answer the question does not have, naming its position', async () => {
    const response = await get('/v1/finder?answers=moving,to-the-moon');
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await json(response)).toMatchObject({ type: '/problems/finder-answers-invalid', errors: [{ pointer: 'query:answers/1', code: 'invalid' }] });
  });

  it('refuses answers that go on after a leaf', async () => {
    const response = await get('/v1/finder?answers=certificate,residence,more');
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({ errors: [{ pointer: 'query:answers/2' }] });
  });

  it('refuses an empty answer between commas', async () => {
    const response = await get('/v1/finder?answers=moving,,outside-city');
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({ errors: [{ pointer: 'query:answers/1' }] });
  });

  it('refuses more answers than any way through the questions has, and an overlong parameter', async () => {
    const many = await get(`/v1/finder?answers=${Array(17).fill('moving').join(',')}`);
    expect(many.status).toBe(422);
    expect(await json(many)).toMatchObject({ type: '/problems/finder-answers-invalid', errors: [{ pointer: 'query:answers/16' }] });
    const long = await get(`/v1/finder?answers=${'a'.repeat(1200)}`);
    expect(long.status).toBe(400);
    expect(await json(long)).toMatchObject({ type: '/problems/query-invalid', errors: [{ pointer: 'query:answers' }] });
  });

  it('is described in the OpenAPI document', async () => {
    const document = await json(await get('/openapi.json'));
    expect(document.paths['/v1/finder'].get.responses).toHaveProperty('422');
    expect(document.components.schemas).toHaveProperty('FinderProcedures');
  });
});
