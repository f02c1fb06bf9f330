import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogCache, checkerFingerprint, fileDigest } from '../../src/catalog/catalog-cache.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/catalog/procedure.js';
import { ConfigurationError } from '../../src/errors.js';

const procedures = (catalog: Catalog) => catalog.list().map((compiled) => compiled.procedure);

describe('the catalog cache', () => {
  let root: string;
  let directory: string;
  let cacheFile: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kakehashi-catalog-cache-'));
    directory = join(root, 'procedures');
    cpSync('mappings/procedures', directory, { recursive: true });
    cacheFile = join(root, 'data', 'catalog-cache.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A start: the cache opened, the catalog loaded through it, the cache saved. */
  const load = async () => {
    const cache = CatalogCache.open(cacheFile);
    const catalog = await loadCatalog(directory, { cache });
    cache.save();
    return catalog;
  };
  const edit = (name: string, change: (text: string) => string) => {
    const file = join(directory, name);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
  };
  /** A cache whose entry for tax-certificate.yaml matches the file's bytes but holds a different title. */
  const forgedCache = (fingerprint: string) => {
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { procedure: { title: { ja: string } } }> };
    stored.entries['tax-certificate.yaml']!.procedure.title.ja = '偽の題名';
    writeFileSync(cacheFile, JSON.stringify({ ...stored, fingerprint }));
  };

  it('gives a restart exactly the procedures a full check gives', async () => {
    const checked = procedures(await loadCatalog(directory));
    const first = procedures(await load());
    const restarted = procedures(await load());
    expect(first).toStrictEqual(checked);
    expect(restarted).toStrictEqual(checked);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { digest: string }> };
    expect(stored.entries['moving-out.yaml']!.digest).toBe(fileDigest(readFileSync(join(directory, 'moving-out.yaml'))));
  });

  it('serves an unchanged file from the cache, and only while the checking code is the same', async () => {
    await load();
    forgedCache(checkerFingerprint());
    expect((await load()).get('tax-certificate')!.procedure.title.ja).toBe('偽の題名');
    forgedCache('another-version-of-the-checks');
    expect((await load()).get('tax-certificate')!.procedure.title.ja).toBe('課税(所得)証明書の交付請求');
  });

  it('checks a changed file again: a broken edit stops the load, naming the file', async () => {
    await load();
    edit('moving-out.yaml', (text) => text.replace(/^fee:\n  kind: free$/m, 'fee:\n  kind: gratis'));
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain('moving-out.yaml');
    edit('moving-out.yaml', (text) => text.replace('kind: gratis', 'kind: free').replace(/^title:\n  ja: .*$/m, 'title:\n  ja: 転出届(改)'));
    expect((await load()).get('moving-out')!.procedure.title.ja).toBe('転出届(改)');
  });

  it('forgets removed files and reads a corrupt cache as empty', async () => {
    await load();
    rmSync(join(directory, 'moving-out.yaml'));
    expect((await load()).get('moving-out')).toBeUndefined();
    expect(Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: object }).entries)).not.toContain('moving-out.yaml');
    writeFileSync(cacheFile, '{"format":1,"fingerp');
    expect((await load()).list()).toHaveLength(5);
    expect(() => JSON.parse(readFileSync(cacheFile, 'utf8'))).not.toThrow();
  });

  it('saves after the load rather than during it, and not at all once cancelled', async () => {
    const cache = CatalogCache.open(cacheFile);
    await loadCatalog(directory, { cache });
    const save = cache.saveSoon(() => {});
    expect(existsSync(cacheFile)).toBe(false);
    await save.done;
    expect(Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: object }).entries)).toHaveLength(6);

    edit('moving-out.yaml', (text) => text.replace(/^title:\n  ja: .*$/m, 'title:\n  ja: 転出届(改)'));
    const next = CatalogCache.open(cacheFile);
    await loadCatalog(directory, { cache: next });
    const cancelled = next.saveSoon(() => {});
    cancelled.cancel();
    await cancelled.done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(cacheFile, 'utf8')).not.toContain('転出届(改)');
  });

  it('loads the catalog when the cache cannot be written, and hands the write error over', async () => {
    writeFileSync(join(root, 'not-a-directory'), '');
    const cache = CatalogCache.open(join(root, 'not-a-directory', 'cache.json'));
    const catalog = await loadCatalog(directory, { cache });
    expect(catalog.list()).toHaveLength(6);
    const errors: unknown[] = [];
    await cache.saveSoon((error) => errors.push(error)).done;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'EEXIST', syscall: 'mkdir' });
  });
});
