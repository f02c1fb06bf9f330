import { performance } from 'node:perf_hooks';
import type { Sql, TransactionSql } from 'postgres';
import type { Logger } from '../logger.js';
import { ExchangeLeaseLostError, type ExchangeOwnership } from './exchange-journal.js';

/** Lease settings of one exchange. */
export interface ExchangeLeaseOptions {
  exchange: string;
  /** This process's name in the lease row (host, pid, a random part). */
  owner: string;
  /** How long a lease lasts after its last renewal. */
  leaseMs: number;
  /** File effects are started only with at least this much of the lease left; default a third of it. */
  marginMs?: number;
  logger: Logger;
  /** Called when this process becomes the owner (housekeeping only the owner may do); a failure is logged. */
  onAcquired?: () => Promise<void>;
}

/**
 * The lease row of an exchange (`exchange_leases`). The database's clock
 * decides expiry, so the processes' clocks need not agree. The token grows
 * at every change of owner: {@link fenced} writes check it under a share
 * lock on the row, so a takeover waits for a write in flight and a stale
 * owner's write is refused. This process's own view of its lease
 * ({@link holds}) is counted from the moment it sent the renewal, so it
 * never believes in more lease than the database gave.
 */
export class PostgresExchangeLease implements ExchangeOwnership {
  private token: number | undefined;
  private validUntil = 0;
  private readonly marginMs: number;

  constructor(
    private readonly sql: Sql,
    private readonly options: ExchangeLeaseOptions,
  ) {
    this.marginMs = options.marginMs ?? Math.floor(options.leaseMs / 3);
  }

  async acquire(): Promise<boolean> {
    // Renewed once half of it is gone: often enough that holds() stays true between rounds.
    if (this.token !== undefined && this.validUntil - performance.now() > this.options.leaseMs / 2) return true;
    const sentAt = performance.now();
    const { exchange, owner, leaseMs } = this.options;
    const rows = await this.sql<{ token: number }[]>`
      INSERT INTO exchange_leases (exchange, owner, token, expires_at)
      VALUES (${exchange}, ${owner}, 1, clock_timestamp() + make_interval(secs => ${leaseMs / 1000}))
      ON CONFLICT (exchange) DO UPDATE SET
        owner = excluded.owner,
        expires_at = excluded.expires_at,
        token = CASE WHEN exchange_leases.owner = excluded.owner THEN exchange_leases.token ELSE exchange_leases.token + 1 END
      WHERE exchange_leases.owner = excluded.owner OR exchange_leases.expires_at <= clock_timestamp()
      RETURNING token`;
    const token = rows[0]?.token;
    if (token === undefined) {
      if (this.token !== undefined) this.options.logger.warn({ exchange }, 'the exchange lease was taken over by another process');
      this.token = undefined;
      return false;
    }
    const acquired = token !== this.token;
    this.token = token;
    this.validUntil = sentAt + leaseMs;
    if (acquired) {
      this.options.logger.info({ exchange, fencingToken: token }, 'this process owns the exchange now');
      await this.options.onAcquired?.().catch((error: unknown) => this.options.logger.warn({ err: error, exchange }, 'exchange housekeeping failed; retried when the lease is next taken'));
    }
    return true;
  }

  holds(): boolean {
    return this.token !== undefined && this.validUntil - performance.now() > this.marginMs;
  }

  async release(): Promise<void> {
    if (this.token === undefined) return;
    this.token = undefined;
    await this.sql`
      UPDATE exchange_leases SET expires_at = clock_timestamp() - interval '1 millisecond'
      WHERE exchange = ${this.options.exchange} AND owner = ${this.options.owner}`;
  }

  /** Runs `work` in a transaction that holds the lease row shared and fails when this process's token is no longer the current one. */
  async fenced<T>(work: (tx: TransactionSql) => Promise<T>): Promise<T> {
    const token = this.token;
    if (token === undefined) throw new ExchangeLeaseLostError(this.options.exchange);
    return (await this.sql.begin(async (tx) => {
      const rows = await tx`
        SELECT 1 FROM exchange_leases
        WHERE exchange = ${this.options.exchange} AND owner = ${this.options.owner} AND token = ${token} AND expires_at > clock_timestamp()
        FOR SHARE`;
      if (rows.length === 0) {
        this.token = undefined;
        throw new ExchangeLeaseLostError(this.options.exchange);
      }
      return work(tx);
    })) as T;
  }
}
