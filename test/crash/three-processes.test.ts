/**
 * Three gateway processes on one PostgreSQL database, the simulators in a
 * process of their own (their ledgers outlive the gateways), 600 applications
 * of mixed procedures submitted through all three at concurrency 32, and one
 * process SIGKILLed at each of four moments and started again: mid-intake,
 * mid-delivery (holding leased jobs), while owning the tax exchange, and
 * while applications await the welfare package's callback (the process the
 * callbacks go to). Meanwhile PostgreSQL ends every session of the three
 * gateways, three times, and later the server itself stops for a few seconds
 * and starts again, both mid-intake. The server is the test's own, so that it
 * can be stopped. Every process runs on the fixture clock.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PAYMENT_API_KEY, DEV_STORE_NETWORK_API_KEY } from '../../src/dev/dev-environment.js';
import { payAtDevProvider } from '../../src/dev/dev-payment.js';
import { fixturePkiSettings } from '../support/evidence.js';
import { fixtureClock } from '../support/fixture-time.js';
import { freePort } from '../support/free-port.js';
import { startOwnPostgresServer, type OwnPostgresServer } from '../support/postgres-server.js';
import { jpkiSamples, signedCopy, type JpkiSample } from '../support/signed-samples.js';
import { startSimulatorsProcess, type SimulatorsProcess } from '../support/simulators-process/start.js';
import { stuckReport } from './stuck-report.js';
import { ThreeGateways } from './three-gateways.js';

const APPLICATIONS = 600;
const CONCURRENCY = 32;
const JOB_LEASE_MS = 5_000;
const TAX_LEASE_MS = 1_500;
/** How long the server stays stopped mid-intake. */
const OUTAGE_MS = 3_000;
const TERMINAL = ['completed', 'rejected', 'failed', 'issued', 'awaiting-pickup', 'picked-up'];
/** Procedures whose applications may run in any order; the 転出届 changes the registry, so it is sent once everything else has ended. */
const MIXED = ['tax-certificate', 'tax-payment-certificate', 'juminhyo-copy', 'child-allowance'];

let server: OwnPostgresServer;
const shared = mkdtempSync(join(tmpdir(), 'kakehashi-three-processes-'));
const exchangeDirectory = join(shared, 'tax-exchange');
mkdirSync(exchangeDirectory);
let simulators: SimulatorsProcess;
let gateways: ThreeGateways;
let sql: postgres.Sql;

const SIGNED_FROM = fixtureClock();
/** Every 503 intake answered while the database's connections were cut. */
const unavailable: { retryAfter: string | null; problem: string }[] = [];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startOwnPostgresServer();
  const url = server.url;
  sql = postgres(url, { max: 2, onnotice: () => {} });
  const ports = [await freePort(), await freePort(), await freePort()];
  simulators = await startSimulatorsProcess(
    { welfareCallbackUrl: `http://127.0.0.1:${ports[0]}`, welfareCallbackDelayMs: 1_500, taxExchangeDirectory: exchangeDirectory, taxPollIntervalMs: 200 },
    fixtureClock,
  );
  const configFile = join(shared, 'gateway.yaml');
  // JSON is YAML
  writeFileSync(
    configFile,
    JSON.stringify({
      simulators: { enabled: false },
      store: { kind: 'postgres', url, maxConnections: 8 },
      ...fixturePkiSettings(),
      systems: {
        residentRegistry: { baseUrl: simulators.residentRegistry },
        welfare: { baseUrl: simulators.welfare },
        tax: { exchangeDirectory, pollIntervalMs: 200, leaseMs: TAX_LEASE_MS, cutoff: { maxMessages: 25, maxWaitMs: 300 } },
      },
      payment: { providers: { 'dev-card': { baseUrl: simulators.payment, apiKey: DEV_PAYMENT_API_KEY } } },
      convenienceStore: { baseUrl: simulators.convenienceStore, apiKey: DEV_STORE_NETWORK_API_KEY },
      runner: { pollIntervalMs: 100, leaseMs: JOB_LEASE_MS, concurrency: 16, retry: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 60 } },
      rateLimits: { submissions: null },
    }),
  );
  gateways = new ThreeGateways(ports, (index) => ({ KAKEHASHI_CONFIG: configFile, KAKEHASHI_DATA_DIR: join(shared, `data-${index}`), KAKEHASHI_ROLE: 'all' }), fixtureClock);
  // one after the other: the first migrates the database and takes the tax exchange
  for (const index of [0, 1, 2]) await gateways.start(index);
}, 150_000);

afterAll(async () => {
  await gateways?.stopAll();
  await simulators?.stop();
  await sql?.end({ timeout: 1 });
  await server?.remove();
  rmSync(shared, { recursive: true, force: true });
});

interface Submitted {
  n: number;
  sample: JpkiSample;
  id?: string;
  refusal?: { status: number; code: string };
}

/** Submits application `n` through gateway n mod 3, and through the next one whenever a process is down: one idempotency key throughout, as a frontend behind a load balancer would. */
async function submit(n: number, sample: JpkiSample): Promise<Submitted> {
  // distinct seconds for copies of one sample (n mod 8 is the sample): at most 75 s before the run began
  const body = await signedCopy(sample, new Date(SIGNED_FROM.getTime() - Math.floor(n / 8) * 1000));
  if (sample.feeYen > 0) body['payment'] = await payAtDevProvider(simulators.payment, sample.feeYen);
  let last = '';
  let tries = 0;
  for (const giveUpAt = Date.now() + 60_000; Date.now() < giveUpAt; ) {
    let response: Response;
    try {
      response = await fetch(`${gateways.url((n + tries++) % 3)}/v1/applications`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': `three-processes-${n}` },
        body: JSON.stringify(body),
      });
    } catch (error) {
      last = String((error as Error).cause ?? error);
      await delay(50); // refused or reset by a kill: the client never got an answer
      continue;
    }
    const answer = (await response.json()) as { id?: string; type?: string };
    const problem = String(answer.type ?? '').replace('/problems/', '');
    if (response.status === 202) return { n, sample, id: answer.id! };
    if (response.status === 422) return { n, sample, refusal: { status: 422, code: problem } };
    // The killed process was handling this key and never answered: the key stays locked until its in-flight lock
    // lapses (120 s, src/intake/intake.ts). The resident is told to try again later; nothing was accepted.
    if (problem === 'idempotency-in-flight') return { n, sample, refusal: { status: 409, code: problem } };
    if (response.status !== 503 && response.status !== 409) throw new Error(`application ${n} answered ${response.status}: ${JSON.stringify(answer)}`);
    if (response.status === 503) unavailable.push({ retryAfter: response.headers.get('retry-after'), problem });
    last = `${response.status} ${JSON.stringify(answer)}`;
    await delay(100);
  }
  throw new Error(`application ${n} was never answered; last: ${last}\n${gateways.report()}`);
}

async function statuses(ids: string[]): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; status: string }[]>`SELECT id, status FROM applications WHERE id IN ${sql(ids)}`;
  return new Map(rows.map((row) => [row.id, row.status]));
}

/** Waits until every application has ended, approving each review as it comes, as the ward office would. */
async function settle(ids: string[], timeoutMs: number): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await statuses(ids);
    const open = ids.filter((id) => !TERMINAL.includes(current.get(id) ?? ''));
    if (open.length === 0) return current;
    for (const id of open.filter((candidate) => current.get(candidate) === 'under-review')) await gateways.approve(id);
    if (Date.now() > deadline) throw new Error(`${open.length} applications never ended: ${JSON.stringify(await stuckReport(sql, simulators, gateways, open))}`);
    await delay(250);
  }
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

describe('three gateway processes on one PostgreSQL, one killed at each of four moments', () => {
  it('keeps every accepted application, ends each one, and every core-system effect happens once', async () => {
    // the samples whose applicant's certificate is revoked or untrusted are refused at intake by design: left out
    const samples = (await jpkiSamples(MIXED)).filter((sample) => sample.certificate === 'valid');
    expect(samples).toHaveLength(8);
    const submitted: Submitted[] = [];
    let next = 0;
    let midIntake: Promise<unknown> | undefined;
    let connectionsCut: Promise<number> | undefined;
    let outage: Promise<Map<number, string[]>> | undefined;
    const worker = async () => {
      while (next < APPLICATIONS) {
        const n = next++;
        const result = await submit(n, samples[n % samples.length]!);
        submitted.push(result);
        const acceptedSoFar = submitted.filter((item) => item.id).length;
        if (acceptedSoFar === 150 && !midIntake) midIntake = gateways.kill(1, 'mid-intake').then((kill) => kill.restarted);
        if (acceptedSoFar === 300 && !connectionsCut) connectionsCut = cutGatewayConnections();
        // not while the process killed mid-intake starts again: a start needs the database
        if (acceptedSoFar === 400 && !outage) outage = Promise.all([midIntake, connectionsCut]).then(() => stopServerFor(OUTAGE_MS));
      }
    };
    const intake = Promise.all(Array.from({ length: CONCURRENCY }, worker));
    while (next < APPLICATIONS) await delay(50);
    await midIntake;
    // PostgreSQL ended every session of the three gateways, three times, mid-intake; none of them was restarted for it
    expect(await connectionsCut).toBeGreaterThan(0);
    // while the server was stopped, every process was unready; intake refused with 503 and Retry-After, and took applications again once it was back
    const readiness = await outage!;
    for (const index of [0, 1, 2]) expect(readiness.get(index), `readyz of process ${index} during the outage`).toContain('503');
    for (const index of [0, 1, 2]) expect(readiness.get(index)).not.toContain('200');
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) expect(answer).toEqual({ retryAfter: expect.stringMatching(/^[1-9][0-9]*$/), problem: 'storage-unavailable' });

    // mid-delivery: the process holds leased jobs; they must be taken up again within a lease
    const leased = await gateways.waitForLeasedJobs(sql, 2);
    const midDelivery = await gateways.kill(2, 'mid-delivery');
    const orphans = await gateways.waitUntilReleased(sql, leased.owner, leased.jobIds, 6 * JOB_LEASE_MS, fixtureClock);
    expect(orphans.leaseEndedMs).toBeLessThanOrEqual(JOB_LEASE_MS);
    expect(orphans.takenUpMs).toBeLessThanOrEqual(JOB_LEASE_MS + 2_000);
    await midDelivery.restarted;

    // the owner of the tax exchange, while tax messages wait for their batch or their result
    const taxOwner = await gateways.waitForTaxOwner(sql);
    const deadTaxOwner = gateways.pid(taxOwner);
    const taxOwnerKill = await gateways.kill(taxOwner, 'owning the tax exchange');
    // another process holds the exchange within a lease (systems.tax.leaseMs) and the next renewal after it
    expect(await gateways.waitForTaxTakeover(sql, deadTaxOwner)).toBeLessThanOrEqual(TAX_LEASE_MS + 3_000);
    await taxOwnerKill.restarted;

    await intake;
    const accepted = submitted.filter((item) => item.id);
    // nothing is refused but the keys the killed process was handling, at most one per concurrent client
    expect(submitted.filter((item) => item.refusal && item.refusal.code !== 'idempotency-in-flight')).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(APPLICATIONS - CONCURRENCY);
    const ids = accepted.map((item) => item.id!);

    // applications await the welfare package's decision, whose callbacks go to process 0
    await settleReviewsUntilImported(ids);
    await (await gateways.kill(0, 'awaiting a callback')).restarted;

    const ended = await settle(ids, 120_000);

    // the 転出届 last: it moves the household out of the registry, which later lookups would see
    const movingOut = (await jpkiSamples(['moving-out'])).filter((sample) => sample.certificate === 'valid');
    const notices = await Promise.all(movingOut.map((sample, i) => submit(APPLICATIONS + i, sample)));
    const noticeIds = notices.filter((item) => item.id).map((item) => item.id!);
    expect(noticeIds.length).toBeGreaterThan(0);
    const noticesEnded = await settle(noticeIds, 60_000);

    // every application that got a 202 exists, as the API tells it, and has ended
    for (const item of accepted) {
      const response = await fetch(`${gateways.url(item.n % 3)}/v1/applications/${item.id}`, { headers: { authorization: 'Bearer dev-staff-key' } });
      expect(response.status, item.id).toBe(200);
      const view = (await response.json()) as { status: string; procedureId: string };
      expect(view.procedureId).toBe(item.sample.procedureId);
      expect(TERMINAL).toContain(view.status);
    }
    const byStatus = (status: string) => ids.filter((id) => ended.get(id) === status);
    expect(byStatus('issued').length).toBeGreaterThan(0);
    expect(byStatus('awaiting-pickup').length).toBeGreaterThan(0);
    expect(byStatus('completed').length).toBeGreaterThan(0);

    // each effect once, counted where it happened
    const ledger = await simulators.ledger();
    expect(duplicates(ledger.registryNotices)).toEqual([]);
    expect(duplicates(ledger.welfareImports)).toEqual([]);
    expect(duplicates(ledger.taxRequestLines)).toEqual([]);
    expect(duplicates(ledger.storePickups)).toEqual([]);
    const reachedEnd = accepted.filter((item) => ['issued', 'awaiting-pickup', 'completed'].includes(ended.get(item.id!) ?? ''));
    for (const item of reachedEnd) {
      const prefix = `${item.id}:`;
      const systems = item.sample.procedureId === 'child-allowance' ? ['tax', 'welfare'] : ['tax'];
      if (item.sample.procedureId !== 'juminhyo-copy') expect(ledger.taxRequestLines.filter((id) => id.startsWith(prefix)), item.id).toHaveLength(1);
      if (systems.includes('welfare')) expect(ledger.welfareImports.filter((id) => id.startsWith(prefix)), item.id).toHaveLength(1);
    }
    expect(ledger.storePickups.length).toBe(byStatus('awaiting-pickup').length);
    const certificates = await sql<{ application_id: string; count: string }[]>`SELECT application_id, count(*) AS count FROM certificates GROUP BY application_id`;
    expect(certificates.filter((row) => Number(row.count) !== 1)).toEqual([]);
    const certified = new Set(certificates.map((row) => row.application_id));
    for (const id of [...byStatus('issued'), ...byStatus('awaiting-pickup')]) expect(certified.has(id), id).toBe(true);
    expect(ledger.registryNotices.filter((id) => noticeIds.some((noticeId) => id.startsWith(`${noticeId}:`))).length).toBe(noticeIds.filter((id) => noticesEnded.get(id) === 'completed').length);

    expect(gateways.kills.map((kill) => kill.moment)).toEqual(['mid-intake', 'mid-delivery', 'owning the tax exchange', 'awaiting a callback']);
    // no process ended but the ones the test killed: the cut connections included
    expect(gateways.unexpectedExits).toEqual([]);
  }, 480_000);
});

/** Ends every session the gateways hold in the test database, three times a second apart; returns how many were ended. */
async function cutGatewayConnections(): Promise<number> {
  let ended = 0;
  for (let round = 0; round < 3; round++) {
    const rows = await sql`SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kakehashi' AND pid <> pg_backend_pid()`;
    ended += rows.filter((row) => row['ended'] === true).length;
    await delay(1_000);
  }
  return ended;
}

/** Stops the server, asks every process's /readyz every 200 ms for `ms`, starts the server again; the statuses each process answered. */
async function stopServerFor(ms: number): Promise<Map<number, string[]>> {
  await server.stop();
  const readiness = new Map<number, string[]>([0, 1, 2].map((index) => [index, []]));
  for (const until = Date.now() + ms; Date.now() < until; ) {
    await Promise.all(
      [0, 1, 2].map(async (index) => {
        const status = await fetch(`${gateways.url(index)}/readyz`).then(
          async (response) => (await response.body?.cancel(), String(response.status)),
          () => 'no answer',
        );
        readiness.get(index)!.push(status);
      }),
    );
    await delay(200);
  }
  await server.start();
  return readiness;
}

/** Approves reviews until the welfare package has imported claims whose decisions are still to come. */
async function settleReviewsUntilImported(ids: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ledger = await simulators.ledger();
    const decided = new Set(ledger.welfareCallbacks);
    if (ledger.welfareImports.some((messageId) => !decided.has(messageId))) return;
    if (Date.now() > deadline) throw new Error('no welfare claim was ever waiting for its decision');
    const current = await statuses(ids);
    for (const id of ids.filter((candidate) => current.get(candidate) === 'under-review')) await gateways.approve(id);
    await delay(100);
  }
}
