/**
 * Writes one request file with the shared fixed-width codec: header, one
 * data record per message, trailer with count and checksum. The file appears
 * in `outbox/` under its final name only when complete and fsync'd.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createFixedWidthWriter } from '../../src/codecs/fixed-width.js';
import type { FixedWidthSummary } from '../../src/codecs/fixed-width.js';
import type { Cp932Options } from '../../src/codecs/cp932.js';
import { writeFileAtomically } from './atomic-file.js';
import type { BatchManifest } from '../../src/exchange-journal/exchange-journal.js';
import type { RequestEntry } from './request-record.js';
import { FILE_KINDS, LAYOUT_VERSION } from './wire/codes.js';
import { japanTimestamp } from './wire/file-names.js';
import { TAX_REQUEST_LAYOUT } from './wire/request-layout.js';

/** Who is talking to whom, as the header says it. */
export interface ExchangeParties {
  senderCode: string;
  receiverCode: string;
  /** 地方公共団体コード, 6 digits. */
  municipalityCode: string;
}

/** Writes the request file of a batch into `outboxDirectory`. */
export async function writeRequestFile(outboxDirectory: string, manifest: BatchManifest, entries: readonly RequestEntry[], parties: ExchangeParties, encoding: Cp932Options): Promise<FixedWidthSummary> {
  let summary: FixedWidthSummary | undefined;
  await writeFileAtomically(join(outboxDirectory, manifest.fileName), async (temporary) => {
    const writer = createFixedWidthWriter(TAX_REQUEST_LAYOUT, createWriteStream(temporary, { mode: 0o600 }), {
      encoding,
      header: {
        ...parties,
        fileKind: FILE_KINDS.request,
        createdAt: japanTimestamp(new Date(manifest.createdAt)),
        fileSequence: manifest.sequence,
        layoutVersion: LAYOUT_VERSION,
      },
    });
    for (const entry of entries) await writer.write(entry.values);
    summary = await writer.end();
  });
  return summary!;
}
