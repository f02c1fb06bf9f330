import type postgres from 'postgres';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, report: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${report()}`);
    await delay(20);
  }
}

/** pino's levels for error and fatal. */
const ERROR_LEVEL = 50;

function isErrorLine(line: string): boolean {
  try {
    return ((JSON.parse(line) as { level?: number }).level ?? 0) >= ERROR_LEVEL;
  } catch {
    return line.trim() !== ''; // stderr, or anything that is not a log line
  }
}

/** Three gateway processes on fixed ports (a killed one comes back on its own port, where callbacks find it). */
export class ThreeGateways {
  /** Each SIGKILL so far: at what moment, which process, when. */
  readonly kills: { moment: string; index: number; at: number }[] = [];
  /** Processes that ended without being killed or stopped by the test: a crash of the gateway itself. */
  readonly unexpectedExits: { index: number; pid: number | undefined; code: number | null }[] = [];
  private readonly processes: (GatewayProcess | undefined)[] = [];
  private readonly endedByTest = new Set<number | undefined>();
  /** Every process's log lines, the killed ones' included, for a failure's report. */
  private readonly outputs: { index: number; pid: number | undefined; output: string[] }[] = [];

  constructor(
    private readonly ports: number[],
    private readonly env: (index: number) => Record<string, string>,
    private readonly clock: () => Date,
  ) {}

  url(index: number): string {
    return `http://127.0.0.1:${this.ports[index]}`;
  }

  async start(index: number): Promise<void> {
    const started = await startGatewayProcess({ PORT: String(this.ports[index]), ...this.env(index) }, { clock: this.clock });
    this.processes[index] = started;
    const pid = started.child.pid;
    void started.exited.then((code) => {
      if (!this.endedByTest.has(pid)) this.unexpectedExits.push({ index, pid, code });
    });
    this.outputs.push({ index, pid: started.child.pid, output: started.output });
  }

  /** Log lines of every process so far that contain `text`, each with the process index and pid. */
  logLines(text: string): string[] {
    return this.outputs.flatMap(({ index, pid, output }) => output.filter((line) => line.includes(text)).map((line) => `${index}/${pid} ${line}`));
  }

  /** For a failure: whether each process is running, and every error any process logged (the last 40). */
  report(): string {
    const states = this.processes.map((running, index) => {
      if (!running) return `${index}: not started`;
      const ended = running.child.exitCode ?? running.child.signalCode;
      return `${index}/${running.child.pid}: ${ended === null ? 'running' : `ended (${ended})`}`;
    });
    const errors = this.outputs.flatMap(({ index, pid, output }) => output.filter(isErrorLine).map((line) => `${index}/${pid} ${line.slice(0, 600)}`));
    return [`processes: ${states.join(', ')}`, ...errors.slice(-40)].join('\n');
  }

  /** SIGKILLs process `index` and resolves once it is dead, with its restart under way (`restarted` resolves when it listens again). */
  async kill(index: number, moment: string): Promise<{ restarted: Promise<void> }> {
    const running = this.processes[index]!;
    this.endedByTest.add(running.child.pid);
    running.child.kill('SIGKILL');
    this.kills.push({ moment, index, at: Date.now() });
    if ((await running.exited) !== null) throw new Error(`process ${index} exited on its own before the kill`);
    return { restarted: this.start(index) };
  }

  /** The job lease owner id of process `index` (src/gateway.ts: host:pid:uuid) as a LIKE pattern. */
  private ownerPattern(index: number): string {
    return `%:${this.processes[index]!.child.pid}:%`;
  }

  /** Waits until process `index` holds leased jobs; returns its owner id and those jobs. */
  waitForLeasedJobs(sql: postgres.Sql, index: number): Promise<{ owner: string; jobIds: string[] }> {
    return poll(`process ${index} holding leased jobs`, 60_000, async () => {
      const rows = await sql<{ id: string; lease_owner: string }[]>`SELECT id, lease_owner FROM jobs WHERE state = 'leased' AND lease_owner LIKE ${this.ownerPattern(index)}`;
      return rows.length > 0 ? { owner: rows[0]!.lease_owner, jobIds: rows.map((row) => row.id) } : undefined;
    }, () => this.report());
  }

  /**
   * After the last kill: when the dead owner's leases ran out, and when its
   * jobs were all taken up by another process (or done), in ms after the kill.
   */
  async waitUntilReleased(sql: postgres.Sql, owner: string, jobIds: string[], timeoutMs: number, clock: () => Date): Promise<{ leaseEndedMs: number; takenUpMs: number }> {
    const killedAt = this.kills.at(-1)!.at;
    const clockAtKill = clock().getTime() - (Date.now() - killedAt);
    const [lease] = await sql<{ until: string | null }[]>`SELECT max(lease_until) AS until FROM jobs WHERE id IN ${sql(jobIds)} AND state = 'leased' AND lease_owner = ${owner}`;
    await poll('the dead owner\u2019s jobs taken up again', timeoutMs, async () => {
      const [row] = await sql<{ count: string }[]>`SELECT count(*) AS count FROM jobs WHERE id IN ${sql(jobIds)} AND state = 'leased' AND lease_owner = ${owner}`;
      return Number(row!.count) === 0 ? true : undefined;
    }, () => this.report());
    return { leaseEndedMs: lease?.until ? Date.parse(lease.until) - clockAtKill : 0, takenUpMs: Date.now() - killedAt };
  }

  /** Which process holds the tax exchange's lease, once one does while tax messages are in flight. */
  waitForTaxOwner(sql: postgres.Sql): Promise<number> {
    return poll('an owner of the tax exchange while tax messages are in flight', 60_000, async () => {
      const [lease] = await sql<{ owner: string }[]>`SELECT owner FROM exchange_leases WHERE exchange = 'tax' AND expires_at > now()`;
      const [inFlight] = await sql<{ count: string }[]>`SELECT count(*) AS count FROM jobs WHERE state IN ('ready', 'leased', 'waiting') AND name IN ('request-assessment', 'await-assessment', 'request-payment-record', 'await-payment-record', 'request-income', 'fetch-income')`;
      if (!lease || Number(inFlight!.count) === 0) return undefined;
      const index = this.processes.findIndex((running) => running && lease.owner.includes(`:${running.child.pid}:`));
      return index >= 0 ? index : undefined;
    }, () => this.report());
  }

  /** After the last kill, of the tax exchange's owner `deadPid`: ms until a live lease names another owner (any other process, the restarted one included). */
  async waitForTaxTakeover(sql: postgres.Sql, deadPid: number): Promise<number> {
    const killedAt = this.kills.at(-1)!.at;
    await poll('another owner of the tax exchange', 30_000, async () => {
      const [lease] = await sql<{ owner: string }[]>`SELECT owner FROM exchange_leases WHERE exchange = 'tax' AND expires_at > now()`;
      return lease && !lease.owner.includes(`:${deadPid}:`) ? true : undefined;
    }, () => this.report());
    return Date.now() - killedAt;
  }

  /** The pid of process `index`. */
  pid(index: number): number {
    return this.processes[index]!.child.pid!;
  }

  /** Approves a review through whichever process answers; one that was decided meanwhile is left as it is. */
  async approve(applicationId: string): Promise<void> {
    for (let index = 0; index < 3; index++) {
      try {
        const response = await fetch(`${this.url(index)}/v1/admin/reviews/${applicationId}/decision`, {
          method: 'POST',
          headers: { authorization: 'Bearer dev-staff-key', 'content-type': 'application/json' },
          body: JSON.stringify({ decision: 'approve' }),
        });
        await response.body?.cancel();
        if (response.status < 500) return;
      } catch {
        // this process is down: the next one
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.processes.map(async (running) => {
        if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
        this.endedByTest.add(running.child.pid);
        running.child.kill('SIGTERM');
        await running.exited;
      }),
    );
  }
}
