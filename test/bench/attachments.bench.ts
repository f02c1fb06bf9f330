/**
 * Attachment upload throughput: MB/s of 8 MiB PDFs sent to POST /v1/attachments
 * of a dev gateway on a real port (streamed to a staged file while hashed and
 * scanned, fsync'd, renamed to its digest), beside a raw copy of the same bytes
 * from a stream to a file with one fsync, measured in the same run. Each
 * upload differs in one byte, so that every one writes a new blob.
 *
 *   npx tsx test/bench/attachments.bench.ts      (BENCH_SECONDS, default 5 per figure)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, DEV_CLIENTS } from '../../src/config.js';
import { createGateway, listen } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { plainPdf } from '../attachments/sample-files.js';

const SIZE = 8 * 1024 * 1024;
const CHUNK = 64 * 1024;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MIB = 1024 * 1024;

const workDirectory = mkdtempSync(join(tmpdir(), 'kakehashi-bench-attachments-'));
const template = plainPdf(SIZE);

/** The template with a counter written into its padding comment. */
function fileNumber(n: number): Buffer {
  const bytes = Buffer.from(template);
  bytes.write(String(n).padStart(12, '0'), 64, 'latin1');
  return bytes;
}

function chunksOf(bytes: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

async function measure(run: (n: number) => Promise<void>): Promise<number> {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) await run(n++);
  return (n * SIZE) / MIB / ((performance.now() - start) / 1000);
}

async function rawCopy(n: number): Promise<void> {
  const file = await open(join(workDirectory, `raw-${n}`), 'wx');
  const reader = chunksOf(fileNumber(n)).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) await file.write(next.value);
  await file.sync();
  await file.close();
}

async function main(): Promise<void> {
  const dataDirectory = join(workDirectory, 'gateway');
  const config = parseConfig({
    profile: 'dev',
    host: '127.0.0.1',
    port: 0,
    dataDirectory,
    store: { kind: 'sqlite', path: join(dataDirectory, 'kakehashi.db') },
    clients: DEV_CLIENTS,
    accessTokenSecret: `bench-${randomUUID()}-secret-0000`,
    simulators: { paymentPort: 0, residentRegistryPort: 0, welfarePort: 0, convenienceStorePort: 0, identityProviderPort: 0 },
    runner: { enabled: false },
  });
  const gateway = await createGateway(config, createLogger({ level: 'silent' }), { startRunner: false });
  const { server, port } = await listen(gateway, config);
  const url = `http://127.0.0.1:${port}/v1/attachments?procedureId=business-support-grant&field=/attachments/-/file`;
  const upload = async (n: number) => {
    const response = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/pdf' }, body: chunksOf(fileNumber(n)), duplex: 'half' } as RequestInit);
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  };
  try {
    await upload(-1);
    const raw = await measure(rawCopy);
    const uploads = await measure(upload);
    console.log(`raw stream-to-file copy (fsync'd):   ${raw.toFixed(1)} MB/s`);
    console.log(`POST /v1/attachments (8 MiB PDFs):   ${uploads.toFixed(1)} MB/s  (${((uploads / raw) * 100).toFixed(0)}% of the raw copy)`);
  } finally {
    server.close();
    await gateway.close();
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

await main();
