import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian command-line tools the PDF tests read the rendered certificates
 * with: poppler-utils (pdftotext, pdftoppm) and zbar-tools (zbarimg). A
 * missing tool fails the test with the command that installs it.
 */
function requireTool(tool: string, debianPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${tool} is not installed: run \`apt-get install -y ${debianPackage}\``);
  }
}

/** Runs `work` with the PDF written to a fresh temporary directory, removed afterwards. */
function withPdfFile<T>(pdf: Buffer, work: (path: string, directory: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-pdf-'));
  try {
    const path = join(directory, 'certificate.pdf');
    writeFileSync(path, pdf);
    return work(path, directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The text of the PDF (or of pages first..last) as pdftotext extracts it, in reading layout (a table row stays on one line). */
export function pdfText(pdf: Buffer, pages?: { first: number; last: number }): string {
  requireTool('pdftotext', 'poppler-utils');
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return withPdfFile(pdf, (path) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, path, '-'], { encoding: 'utf8' }));
}

/** Number of pages, from pdfinfo. */
export function pdfPageCount(pdf: Buffer): number {
  requireTool('pdfinfo', 'poppler-utils');
  const info = withPdfFile(pdf, (path) => execFileSync('pdfinfo', [path], { encoding: 'utf8' }));
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** One page rendered to PNG by pdftoppm at `dpi`. */
export function pdfPagePng(pdf: Buffer, page: number, dpi: number): Buffer {
  requireTool('pdftoppm', 'poppler-utils');
  return withPdfFile(pdf, (path, directory) => {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, join(directory, 'page')]);
    return readFileSync(join(directory, 'page.png'));
  });
}

/** The QR codes zbarimg finds in a PNG, as their decoded text. */
export function decodeQrCodes(png: Buffer): string[] {
  requireTool('zbarimg', 'zbar-tools');
  return withPdfFile(png, (path) => {
    const output = execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', path], { encoding: 'utf8' });
    return output.split('\n').filter((line) => line.length > 0);
  });
}
