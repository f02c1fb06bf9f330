/**
 * Codec throughput: records mapped by the mapping engine and encoded, per
 * second, for the fixed-width (CP932) and CSV codecs, beside raw iconv-lite
 * encoding of the same text; then a 1,000,000-record tax request file written
 * streaming to a temporary file, with its time and peak RSS.
 *
 *   npx tsx test/bench/codecs.bench.ts
 *
 * Targets: ≥ 100,000 records/s; the 1M file in < 15 s and < 300 MB RSS.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TAX_REQUEST_LAYOUT } from '../../adapters/tax/wire/request-layout.js';
import { encodeCsvRow } from '../../src/codecs/csv.js';
import type { CsvValue } from '../../src/codecs/csv.js';
import { createFixedWidthWriter } from '../../src/codecs/fixed-width.js';
import { FixedWidthRecordEncoder } from '../../src/codecs/fixed-width-record.js';
import { compileMapping } from '../../src/mapping/compile-mapping.js';
import { applyMapping } from '../../src/mapping/engine.js';
import type { MappingInput } from '../../src/mapping/mapping.js';
import { createTransformRegistry } from '../../src/mapping/transforms/registry.js';

const transforms = createTransformRegistry();
const procedures = new Map([
  [
    'tax-certificate',
    {
      formPointers: new Set(['/request/fiscalYear', '/request/copies']),
      steps: new Set(['lookup-resident']),
    },
  ],
]);

/** The tax request record with every wire conversion done by transforms. */
const taxMapping = compileMapping(
  {
    system: 'tax',
    procedure: 'tax-certificate',
    operation: 'taxation-certificate',
    fields: [
      { to: '/record/requestKind', const: '01' },
      { to: '/record/atenaNumber', from: '/steps/lookup-resident/result/resident/atenaNumber', required: true },
      { to: '/record/fiscalYearEra', from: '/form/request/fiscalYear', required: true, transform: 'date.fiscalYearToEra' },
      { to: '/record/fiscalYear', from: '/form/request/fiscalYear', required: true },
      { to: '/record/taxKind', const: '00' },
      { to: '/record/nameKana', from: '/steps/lookup-resident/result/resident/nameKana', required: true, transform: 'kana.toHalfWidth' },
      { to: '/record/name', from: '/steps/lookup-resident/result/resident/name', required: true },
      { to: '/record/birthDate', from: '/steps/lookup-resident/result/resident/birthDate', required: true, transform: { name: 'date.isoToEra', args: { format: 'GYYMMDD' } } },
      { to: '/record/copies', from: '/form/request/copies', required: true },
    ],
  },
  'bench/tax-certificate.yaml',
  { procedures, transforms },
);

const NAMES = [
  ['髙橋　一郎', 'タカハシ　イチロウ'],
  ['山﨑　健太', 'ヤマサキ　ケンタ'],
  ['渡邉　大輔', 'ワタナベ　ダイスケ'],
  ['中村　恵子', 'ナカムラ　ケイコ'],
  ['伊藤　さくら', 'イトウ　サクラ'],
  ['佐々木　湊', 'ササキ　ミナト'],
  ['葛西　由紀', 'カサイ　ユキ'],
  ['吉田　茂', 'ヨシダ　シゲル'],
] as const;
const BIRTH_DATES = ['1989-01-07', '1955-03-12', '2019-05-01', '1926-12-25', '1991-02-28', '1948-09-30'];

function inputOf(i: number): MappingInput {
  const [name, nameKana] = NAMES[i % NAMES.length]!;
  const atenaNumber = String(1_000_000_000 + i);
  return {
    form: { request: { fiscalYear: 2023 + (i % 3), copies: 1 + (i % 3) } },
    steps: { 'lookup-resident': { result: { resident: { atenaNumber, name, nameKana, birthDate: BIRTH_DATES[i % BIRTH_DATES.length] } } } },
  };
}

/** Pre-built inputs so that building them is not measured. */
const INPUTS = Array.from({ length: 4096 }, (_, i) => inputOf(i));

/** Records per second of wall-clock time and of CPU time (the latter is steadier on a shared machine). */
interface Rate {
  wall: number;
  cpu: number;
}

function measure(count: number, run: () => void): Rate {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  run();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { wall: Math.round(count / wallSeconds), cpu: Math.round(count / ((used.user + used.system) / 1e6)) };
}

function fixedWidthThroughput(count: number): { mapped: Rate; raw: Rate } {
  const encoder = new FixedWidthRecordEncoder(TAX_REQUEST_LAYOUT);
  const target = Buffer.allocUnsafe(TAX_REQUEST_LAYOUT.recordLength + 2);
  const texts = INPUTS.map((input, i) => Object.values({ ...applyMapping(taxMapping, input), messageId: `app-${i}:request-assessment` }).join(''));
  const mapped = measure(count, () => {
    for (let i = 0; i < count; i++) {
      const record = applyMapping(taxMapping, INPUTS[i % INPUTS.length]!);
      record.messageId = `app-${i}:request-assessment`;
      encoder.encodeInto('data', record, target, 0, i + 1);
    }
  });
  const raw = measure(count, () => {
    for (let i = 0; i < count; i++) iconv.encode(texts[i % texts.length]!, 'cp932');
  });
  return { mapped, raw };
}

function csvRow(record: Record<string, unknown>, i: number): unknown[] {
  return [`app-${i}:send`, record.atenaNumber, record.name, record.nameKana, record.birthDate, record.fiscalYear, record.copies];
}

function csvThroughput(count: number): { mapped: Rate; raw: Rate } {
  const texts = INPUTS.map((input, i) => `${csvRow(applyMapping(taxMapping, input), i).join(',')}\r\n`);
  const mapped = measure(count, () => {
    for (let i = 0; i < count; i++) {
      encodeCsvRow(csvRow(applyMapping(taxMapping, INPUTS[i % INPUTS.length]!), i) as CsvValue[], { encoding: 'cp932' }, i);
    }
  });
  const raw = measure(count, () => {
    for (let i = 0; i < count; i++) iconv.encode(texts[i % texts.length]!, 'cp932');
  });
  return { mapped, raw };
}

async function millionRecordFile(): Promise<{ seconds: number; cpuSeconds: number; peakRssMb: number; bytes: number }> {
  const directory = await mkdtemp(join(tmpdir(), 'kakehashi-bench-'));
  const path = join(directory, 'KKH_REQ_BENCH.dat');
  let peak = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  try {
    const writer = createFixedWidthWriter(TAX_REQUEST_LAYOUT, createWriteStream(path), {
      header: { senderCode: 'KAKEHASI', receiverCode: 'ZEIMU001', municipalityCode: '271004', fileKind: 'REQ', createdAt: '20261201100000', fileSequence: 1, layoutVersion: '01' },
    });
    for (let i = 0; i < 1_000_000; i++) {
      const record = applyMapping(taxMapping, INPUTS[i % INPUTS.length]!);
      record.messageId = `app-${i}:request-assessment`;
      await writer.write(record);
      if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
    }
    const summary = await writer.end();
    if (summary.recordCount !== 1_000_000) throw new Error('record count mismatch');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    return { seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMb: Math.round(peak / 1024 / 1024), bytes: (await stat(path)).size };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const COUNT = 200_000;
// The file first, so that the process-wide maxRSS belongs to it.
const file = await millionRecordFile();
const fixed = fixedWidthThroughput(COUNT);
const csv = csvThroughput(COUNT);
const line = (label: string, result: { mapped: Rate; raw: Rate }): string =>
  `${label}: ${result.mapped.wall} rec/s (raw iconv-lite: ${result.raw.wall} rec/s); per CPU second: ${result.mapped.cpu} rec/s (raw iconv-lite: ${result.raw.cpu} rec/s)`;
console.log(line('codec.fixed-width map+encode', fixed));
console.log(line('codec.csv map+encode (cp932)', csv));
console.log(
  `codec.fixed-width 1,000,000-record tax batch streamed to a file: ${file.seconds.toFixed(2)} s (${file.cpuSeconds.toFixed(2)} s CPU), peak RSS ${file.peakRssMb} MB, ${file.bytes} bytes`,
);
const ok = fixed.mapped.wall >= 100_000 && csv.mapped.wall >= 100_000 && file.seconds < 15 && file.peakRssMb < 300;
console.log(`${ok ? 'targets met' : 'TARGETS MISSED'} (≥ 100,000 rec/s; 1M file < 15 s, < 300 MB), wall clock; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs`);
process.exitCode = ok ? 0 : 1;
