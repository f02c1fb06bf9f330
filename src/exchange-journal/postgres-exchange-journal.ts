import type { Sql } from 'postgres';
import type { AcceptedMessage, BatchManifest, ExchangeJournal, ProcessedResultFile } from './exchange-journal.js';
import type { PostgresExchangeLease } from './postgres-exchange-lease.js';

interface BatchRow {
  file_name: string;
  sequence: number;
  created_at: string;
  message_ids: string[];
  state: BatchManifest['state'];
}

const manifestOf = (row: BatchRow): BatchManifest => ({ fileName: row.file_name, sequence: row.sequence, createdAt: row.created_at, messageIds: row.message_ids, state: row.state });

/**
 * An exchange journal every gateway process shares (the store's migration 4):
 * any process accepts messages, the lease owner's writes are fenced.
 * Lists of ids travel as JSON, not as array parameters.
 */
export class PostgresExchangeJournal<Message extends AcceptedMessage> implements ExchangeJournal<Message> {
  constructor(
    private readonly sql: Sql,
    private readonly exchange: string,
    readonly ownership: PostgresExchangeLease,
    private readonly retentionMs: number,
  ) {}

  async accept(message: Message): Promise<boolean> {
    const rows = await this.sql`
      INSERT INTO exchange_messages (exchange, message_id, accepted_at, message)
      VALUES (${this.exchange}, ${message.messageId}, ${message.acceptedAt}, ${this.sql.json(message as never)})
      ON CONFLICT (exchange, message_id) DO NOTHING
      RETURNING 1`;
    return rows.length === 1;
  }

  async waitingCount(): Promise<number> {
    const [row] = await this.sql<{ count: number }[]>`
      SELECT count(*) AS count FROM exchange_messages WHERE exchange = ${this.exchange} AND batch_file IS NULL`;
    return row?.count ?? 0;
  }

  async waiting(limit: number): Promise<Message[]> {
    const rows = await this.sql<{ message: Message }[]>`
      SELECT message FROM exchange_messages WHERE exchange = ${this.exchange} AND batch_file IS NULL ORDER BY arrival LIMIT ${limit}`;
    return rows.map((row) => row.message);
  }

  async messagesOf(manifest: BatchManifest): Promise<Message[]> {
    const rows = await this.sql<{ message_id: string; message: Message }[]>`
      SELECT message_id, message FROM exchange_messages WHERE exchange = ${this.exchange} AND batch_file = ${manifest.fileName}`;
    const byId = new Map(rows.map((row) => [row.message_id, row.message]));
    return manifest.messageIds.map((id) => byId.get(id)).filter((message) => message !== undefined);
  }

  async nextSequence(): Promise<number> {
    const [row] = await this.sql<{ sequence: number }[]>`
      SELECT sequence FROM exchange_batches WHERE exchange = ${this.exchange} ORDER BY created_at DESC, sequence DESC LIMIT 1`;
    return ((row?.sequence ?? 0) % 999_999) + 1;
  }

  async unfinished(): Promise<BatchManifest[]> {
    const rows = await this.sql<BatchRow[]>`
      SELECT file_name, sequence, created_at, message_ids, state FROM exchange_batches
      WHERE exchange = ${this.exchange} AND state = 'writing' ORDER BY sequence`;
    return rows.map(manifestOf);
  }

  async batch(fileName: string): Promise<BatchManifest | undefined> {
    const [row] = await this.sql<BatchRow[]>`
      SELECT file_name, sequence, created_at, message_ids, state FROM exchange_batches WHERE exchange = ${this.exchange} AND file_name = ${fileName}`;
    return row ? manifestOf(row) : undefined;
  }

  beginBatch(manifest: BatchManifest): Promise<void> {
    return this.ownership.fenced(async (tx) => {
      await tx`
        INSERT INTO exchange_batches (exchange, file_name, sequence, created_at, message_ids, state, written_by_token)
        SELECT ${this.exchange}, ${manifest.fileName}, ${manifest.sequence}, ${manifest.createdAt}, ${tx.json(manifest.messageIds)}, 'writing', token
        FROM exchange_leases WHERE exchange = ${this.exchange}`;
      await tx`
        UPDATE exchange_messages SET batch_file = ${manifest.fileName}
        WHERE exchange = ${this.exchange} AND batch_file IS NULL
          AND message_id IN (SELECT jsonb_array_elements_text(${tx.json(manifest.messageIds)}::jsonb))`;
    });
  }

  finishBatch(manifest: BatchManifest): Promise<void> {
    return this.ownership.fenced(async (tx) => {
      await tx`UPDATE exchange_batches SET state = 'written' WHERE exchange = ${this.exchange} AND file_name = ${manifest.fileName}`;
    });
  }

  async findResult(fileName: string, sha256: string): Promise<ProcessedResultFile | undefined> {
    const [row] = await this.sql<{ file_name: string; sha256: string; processed_at: string; resumed: string[] }[]>`
      SELECT file_name, sha256, processed_at, resumed FROM exchange_results
      WHERE exchange = ${this.exchange} AND (file_name = ${fileName} OR sha256 = ${sha256})
      ORDER BY (file_name = ${fileName}) DESC LIMIT 1`;
    return row ? { fileName: row.file_name, sha256: row.sha256, processedAt: row.processed_at, resumed: row.resumed } : undefined;
  }

  async wasResumed(messageId: string): Promise<boolean> {
    const rows = await this.sql`SELECT 1 FROM exchange_resumed WHERE exchange = ${this.exchange} AND message_id = ${messageId}`;
    return rows.length > 0;
  }

  recordResult(entry: ProcessedResultFile): Promise<void> {
    return this.ownership.fenced(async (tx) => {
      await tx`
        INSERT INTO exchange_results (exchange, file_name, sha256, processed_at, resumed)
        VALUES (${this.exchange}, ${entry.fileName}, ${entry.sha256}, ${entry.processedAt}, ${tx.json(entry.resumed)})`;
      await tx`
        INSERT INTO exchange_resumed (exchange, message_id, result_file)
        SELECT ${this.exchange}, id, ${entry.fileName} FROM jsonb_array_elements_text(${tx.json(entry.resumed)}::jsonb) AS id
        ON CONFLICT DO NOTHING`;
    });
  }

  /**
   * Owner: forgets written batches (with their messages) and processed result
   * files older than the retention, keeping the newest batch for its sequence
   * number. A message id re-delivered after that is a new message.
   */
  forgetOld(now: Date): Promise<void> {
    const horizon = new Date(now.getTime() - this.retentionMs).toISOString();
    return this.ownership.fenced(async (tx) => {
      const old = await tx<{ file_name: string }[]>`
        DELETE FROM exchange_batches
        WHERE exchange = ${this.exchange} AND state = 'written' AND created_at < ${horizon}
          AND file_name <> (SELECT file_name FROM exchange_batches WHERE exchange = ${this.exchange} ORDER BY created_at DESC, sequence DESC LIMIT 1)
        RETURNING file_name`;
      for (const { file_name: fileName } of old) await tx`DELETE FROM exchange_messages WHERE exchange = ${this.exchange} AND batch_file = ${fileName}`;
      const results = await tx<{ file_name: string }[]>`
        DELETE FROM exchange_results WHERE exchange = ${this.exchange} AND processed_at < ${horizon} RETURNING file_name`;
      for (const { file_name: fileName } of results) await tx`DELETE FROM exchange_resumed WHERE exchange = ${this.exchange} AND result_file = ${fileName}`;
    });
  }

  async close(): Promise<void> {
    await this.ownership.release().catch(() => undefined);
    await this.sql.end({ timeout: 5 });
  }
}
