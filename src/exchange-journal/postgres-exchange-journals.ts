import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import { connectPostgres } from '../store/postgres/connect.js';
import type { AcceptedMessage, ExchangeJournal, SharedExchangeJournals } from './exchange-journal.js';
import { PostgresExchangeJournal } from './postgres-exchange-journal.js';
import { PostgresExchangeLease } from './postgres-exchange-lease.js';

/** Where the journals live: the store's database (its schema, when one is set). */
export interface PostgresExchangeJournalsOptions {
  url: string;
  schema?: string;
  clock: () => Date;
  logger: Logger;
}

/**
 * Exchange journals in the PostgreSQL store's database, each with a small
 * pool of its own (one journal per exchange; two connections: a fenced write
 * and a read may overlap). Its tables are the store's (migration 4): the
 * gateway opens the store, which migrates, before anything opens a journal.
 */
export function postgresExchangeJournals(options: PostgresExchangeJournalsOptions): SharedExchangeJournals {
  return {
    async open<Message extends AcceptedMessage>(exchange: string, settings: { leaseMs: number; retentionMs: number }): Promise<ExchangeJournal<Message>> {
      const sql = connectPostgres({ url: options.url, max: 2, ...(options.schema ? { schema: options.schema } : {}) });
      let journal: PostgresExchangeJournal<Message> | undefined;
      const lease = new PostgresExchangeLease(sql, {
        exchange,
        owner: `${hostname()}:${process.pid}:${randomUUID()}`,
        leaseMs: settings.leaseMs,
        logger: options.logger,
        onAcquired: () => journal!.forgetOld(options.clock()),
      });
      journal = new PostgresExchangeJournal<Message>(sql, exchange, lease, settings.retentionMs);
      return journal;
    },
  };
}
