import { createHash } from 'node:crypto';
import { TimeOrderedIds } from '../../src/intake/application-id.js';
import type { ApplicationStatus, NewApplication, TimelineEntry } from '../../src/store/types.js';
import { validSample } from '../support/fixtures.js';

/**
 * Generated applications for the growth bench: each one different, made from its
 * index alone (a seeded PRNG), so a run is reproducible and nothing is copied.
 *
 * - Procedure: one of the catalog's procedures that have samples, weighted the
 *   way a city's traffic is (住民票の写し most, grants least). The form is that
 *   procedure's valid sample with every personal field generated: fictitious
 *   names, kana, Osaka addresses, postal codes, phones, e-mails, birth dates,
 *   business names. Shapes and sizes are those of real submissions.
 * - Time: created over the `spanDays` before `endMs`, in index order, with a UUIDv7 id
 *   of that time (as intake makes them), so the store's id index sees the order of
 *   production.
 * - History: most applications are finished (completed, issued, picked up,
 *   rejected), the newest ones still open; the timeline has the entries that lead
 *   to the status, the first route job and a signature claim as intake writes them.
 * - Owner: the dev frontend client, which may read every one of them back.
 */
export interface GeneratorOptions {
  /** Where the generated history ends (ms since the epoch); the newest application is created then. */
  endMs: number;
  spanDays: number;
  /** How many applications the whole generated history holds: times are spread over it. */
  total: number;
}

const PROCEDURE_WEIGHTS: [string, number][] = [
  ['juminhyo-copy', 45],
  ['tax-certificate', 20],
  ['tax-payment-certificate', 10],
  ['moving-out', 12],
  ['child-allowance', 8],
  ['business-support-grant', 5],
];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '松本', '井上', '木村'];
const FAMILY_KANA = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ', 'ヨシダ', 'ヤマダ', 'マツモト', 'イノウエ', 'キムラ'];
const GIVEN = ['一郎', '花子', '健太', '美咲', '直樹', '真理', '翔', '陽菜', '大輔', '由美', '蓮', '結衣'];
const GIVEN_KANA = ['イチロウ', 'ハナコ', 'ケンタ', 'ミサキ', 'ナオキ', 'マリ', 'ショウ', 'ヒナ', 'ダイスケ', 'ユミ', 'レン', 'ユイ'];
const TOWNS = ['北区天満', '都島区東野田町', '中央区本町', '西区靱本町', '浪速区難波中', '阿倍野区阿倍野筋', '淀川区西中島', '住吉区長居'];
const BUSINESS = ['食堂', '商店', '工務店', '印刷', '珈琲', '書店'];

/** mulberry32: a small, fast, seedable PRNG; quality is plenty for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ApplicationGenerator {
  readonly #ids = new TimeOrderedIds();
  readonly #templates = new Map(PROCEDURE_WEIGHTS.map(([id]) => [id, validSample(id)]));
  readonly #totalWeight = PROCEDURE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

  constructor(private readonly options: GeneratorOptions) {}

  /** The application of `index` (0 ≤ index < total); the same index gives the same content. */
  next(index: number): NewApplication {
    const random = prng(index * 2654435761);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const { endMs, spanDays, total } = this.options;
    const createdMs = Math.round(endMs - spanDays * 86_400_000 * (1 - index / Math.max(1, total - 1)));
    const createdAt = new Date(createdMs).toISOString();
    const procedureId = this.#procedure(random());
    const family = Math.floor(random() * FAMILY.length);
    const given = Math.floor(random() * GIVEN.length);
    const person = {
      name: `${FAMILY[family]}　${GIVEN[given]}`,
      nameKana: `${FAMILY_KANA[family]}　${GIVEN_KANA[given]}`,
      address: `大阪府大阪市${pick(TOWNS)}${1 + Math.floor(random() * 5)}丁目${1 + Math.floor(random() * 30)}番${1 + Math.floor(random() * 20)}号`,
      postalCode: `5${String(Math.floor(random() * 100)).padStart(2, '0')}-${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
      phone: `090-${String(Math.floor(random() * 10000)).padStart(4, '0')}-${String(index % 10000).padStart(4, '0')}`,
      email: `resident-${index}@example.jp`,
      birthDate: new Date(Date.UTC(1940 + Math.floor(random() * 65), Math.floor(random() * 12), 1 + Math.floor(random() * 28))).toISOString().slice(0, 10),
      businessName: `株式会社${pick(FAMILY)}${pick(BUSINESS)}`,
    };
    const id = this.#ids.next(createdMs);
    const { status, timeline } = historyOf(createdMs, (createdMs - (endMs - spanDays * 86_400_000)) / (spanDays * 86_400_000), random());
    const template = this.#templates.get(procedureId)!;
    return {
      application: {
        id,
        procedureId,
        clientId: 'dev-frontend',
        status,
        form: withPerson(template['form'], person) as Record<string, unknown>,
        identity: { serial: index.toString(16).padStart(16, '0'), issuer: 'CN=JPKI fictitious CA', signingTime: createdAt },
        payment: null,
        issuance: (template['issuance'] as Record<string, unknown> | undefined) ?? null,
        accessTokenHash: createHash('sha256').update(`generated-${index}`).digest('hex'),
        createdAt,
        updatedAt: timeline.at(-1)!.at,
      },
      timeline,
      job: { id: `${id}:0`, applicationId: id, step: 0, name: 'generated', payload: {}, runAt: createdAt },
      claims: [{ kind: 'signature', key: createHash('sha256').update(`generated-signature-${index}`).digest('hex') }],
    };
  }

  #procedure(draw: number): string {
    let left = draw * this.#totalWeight;
    for (const [id, weight] of PROCEDURE_WEIGHTS) if ((left -= weight) < 0) return id;
    return PROCEDURE_WEIGHTS[0]![0];
  }
}

/** A template form with its personal fields replaced by the generated person's, by field name. */
function withPerson(value: unknown, person: Record<string, string>, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withPerson(item, person));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, withPerson(inner, person, name)]));
  }
  if (typeof value !== 'string') return value;
  if (key === 'name' && value.startsWith('株式会社')) return person['businessName'];
  return key in person ? person[key] : value;
}

/** Where an application created at `age` (0 oldest … 1 newest) of the history stands, and the entries that led there. */
function historyOf(createdMs: number, age: number, draw: number): { status: ApplicationStatus; timeline: TimelineEntry[] } {
  const steps: [ApplicationStatus, string, string][] = [
    ['received', 'intake', 'Application received'],
    ['verified', 'intake', 'Signature and payment verified'],
  ];
  if (age < 0.98) {
    steps.push(['in-progress', 'runner', 'Delivered to the core systems']);
    const end: [ApplicationStatus, string, string] =
      draw < 0.6 ? ['issued', 'runner', 'Certificate issued'] : draw < 0.8 ? ['completed', 'runner', 'Completed'] : draw < 0.95 ? ['picked-up', 'convenience-store', 'Picked up'] : ['rejected', 'staff', 'Rejected'];
    steps.push(end);
  }
  const timeline = steps.map(([status, source, detail], step) => ({ status, at: new Date(createdMs + step * 60_000).toISOString(), source, detail }));
  return { status: timeline.at(-1)!.status, timeline };
}
