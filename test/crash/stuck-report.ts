import type postgres from 'postgres';
import type { SimulatorsProcess } from '../support/simulators-process/start.js';
import type { ThreeGateways } from './three-gateways.js';

/**
 * What a failure of the three-process test says about applications that never
 * ended: their jobs, what the simulators did for them, their tax messages,
 * batches and resumptions, the kills, and every log line naming them.
 */
export async function stuckReport(sql: postgres.Sql, simulators: SimulatorsProcess, gateways: ThreeGateways, open: string[]): Promise<Record<string, unknown>> {
  const jobs = await sql`SELECT id, name, state, attempts, correlation_key, last_error, lease_owner, created_at, updated_at FROM jobs WHERE application_id IN ${sql(open)} ORDER BY id`;
  const procedures = await sql`SELECT id, procedure_id FROM applications WHERE id IN ${sql(open)}`;
  const ledger = await simulators.ledger();
  const mentions = Object.fromEntries(Object.entries(ledger).map(([key, list]) => [key, (list as string[]).filter((id) => open.some((openId) => id.startsWith(openId)))]));
  const exchange = [];
  for (const id of open) {
    const messages = await sql`SELECT message_id, batch_file, accepted_at FROM exchange_messages WHERE message_id LIKE ${`${id}%`}`;
    const resumed = await sql`SELECT * FROM exchange_resumed WHERE message_id LIKE ${`${id}%`}`;
    const batchFiles = messages.map((row) => String(row['batch_file']));
    const batches = batchFiles.length > 0 ? await sql`SELECT file_name, state, written_by_token, created_at FROM exchange_batches WHERE file_name IN ${sql(batchFiles)}` : [];
    exchange.push({ id, messages, resumed, batches });
  }
  const results = await sql`SELECT file_name, processed_at, jsonb_array_length(resumed) AS resumed FROM exchange_results`;
  return { procedures, jobs, mentions, exchange, results, kills: gateways.kills, logs: open.flatMap((id) => gateways.logLines(id)) };
}
