/**
 * PDF rendering throughput: certificates rendered per second for a 住民票の写し
 * of a four-person household (続柄, 本籍, 個人番号 shown, two pages) and a
 * 課税（所得）証明書 (one page), after a warm-up that parses the font once.
 * Rates are per wall second and per CPU second of this process, median of
 * five rounds; every PDF is checked to start with %PDF-.
 *
 *   npx tsx test/bench/pdf.bench.ts
 */
import { renderCertificatePdf } from '../../src/issuance/render/render-certificate-pdf.js';
import { juminhyoDocument, renderOptions, taxCertificateDocument } from '../issuance/render/sample-certificates.js';

const ROUNDS = 5;
const ROUND_MS = 2000;

interface Rate {
  wall: number;
  cpu: number;
  bytes: number;
}

async function round(document: unknown): Promise<Rate> {
  const options = renderOptions();
  let count = 0;
  let bytes = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - wallStart < ROUND_MS) {
    const pdf = await renderCertificatePdf(document, options);
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
    bytes = pdf.length;
    count++;
  }
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wall: count / wall, cpu: count / ((cpu.user + cpu.system) / 1e6), bytes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(document: unknown): Promise<Rate> {
  for (let i = 0; i < 5; i++) await renderCertificatePdf(document, renderOptions());
  const rounds: Rate[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(document));
  return { wall: median(rounds.map((r) => r.wall)), cpu: median(rounds.map((r) => r.cpu)), bytes: rounds[0]!.bytes };
}

const firstStart = performance.now();
await renderCertificatePdf(juminhyoDocument(), renderOptions());
const firstMs = performance.now() - firstStart;

const juminhyo = await measure(juminhyoDocument());
const tax = await measure(taxCertificateDocument());
console.log(`pdf.render juminhyo: ${juminhyo.wall.toFixed(1)}/s; tax-certificate: ${tax.wall.toFixed(1)}/s`);
console.log(`  per CPU second: juminhyo ${juminhyo.cpu.toFixed(1)}/s, tax-certificate ${tax.cpu.toFixed(1)}/s`);
console.log(`  sizes: juminhyo ${(juminhyo.bytes / 1024).toFixed(0)} KiB, tax-certificate ${(tax.bytes / 1024).toFixed(0)} KiB; first render in a fresh process ${firstMs.toFixed(0)} ms`);
