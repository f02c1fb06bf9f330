/**
 * The procedure files a previous start already read and checked, so that a
 * restart checks only the files that changed. An entry is used only when the
 * file's bytes (SHA-256) are those that were checked and the checking code is
 * the same (a fingerprint of this directory's modules, the YAML policy of
 * src/yaml and src/json, the era rules and the zod and yaml versions);
 * anything else, including a missing, unreadable or corrupt cache file,
 * means the file is read and checked in full. Only files
 * that passed are kept: a broken file is reported on every start.
 *
 * The cache file lives in the data directory and is trusted like the rest of
 * it (the database beside it holds the applications).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Procedure } from './procedure.js';

/** Bumped when the layout of the cache file changes. */
const FORMAT = 1;

interface Entry {
  digest: string;
  procedure: Procedure;
}

interface CacheFile {
  format: number;
  fingerprint: string;
  entries: Record<string, Entry>;
}

let memoizedFingerprint: string | undefined;

/** A digest of everything that decides whether a procedure file passes: the checking code and its libraries. */
export function checkerFingerprint(): string {
  if (memoizedFingerprint) return memoizedFingerprint;
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  const here = dirname(fileURLToPath(import.meta.url));
  const era = join(here, '..', 'jp');
  // the YAML policy (and the prototype keys it shares with strict JSON) decides what a file may hold
  const policies = [join(here, '..', 'yaml'), join(here, '..', 'json')];
  const sources = [
    ...readdirSync(here).map((name) => join(here, name)),
    ...policies.flatMap((directory) => readdirSync(directory).map((name) => join(directory, name))),
    ...readdirSync(era).filter((name) => name.startsWith('era.')).map((name) => join(era, name)),
  ].filter((file) => /\.(?:ts|js)$/.test(file));
  for (const file of sources.sort()) hash.update(`${file.slice(here.length)}\n`).update(readFileSync(file));
  const require = createRequire(import.meta.url);
  for (const library of ['zod', 'yaml']) hash.update(`${library}@${(require(`${library}/package.json`) as { version: string }).version}\n`);
  memoizedFingerprint = hash.digest('hex');
  return memoizedFingerprint;
}

/** The SHA-256 of a procedure file's bytes. */
export function fileDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class CatalogCache {
  readonly #file: string;
  readonly #fingerprint: string;
  readonly #previous: Record<string, Entry>;
  readonly #current: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  #changed = false;

  private constructor(file: string, fingerprint: string, previous: Record<string, Entry>) {
    this.#file = file;
    this.#fingerprint = fingerprint;
    this.#previous = previous;
  }

  /** Opens the cache at `file`; a missing, unreadable or outdated file gives an empty cache. */
  static open(file: string, fingerprint = checkerFingerprint()): CatalogCache {
    let previous: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (stored.format === FORMAT && stored.fingerprint === fingerprint && typeof stored.entries === 'object' && stored.entries !== null) {
        previous = Object.assign(Object.create(null) as Record<string, Entry>, stored.entries);
      }
    } catch {
      // no usable cache: every file is checked
    }
    return new CatalogCache(file, fingerprint, previous);
  }

  /** The checked procedure of file `name`, when its bytes are the ones that were checked. */
  lookup(name: string, digest: string): Procedure | undefined {
    const entry = this.#previous[name];
    if (entry?.digest !== digest || typeof entry.procedure !== 'object' || entry.procedure === null) return undefined;
    this.#current[name] = entry;
    return entry.procedure;
  }

  /** Remembers a file that passed every check. */
  record(name: string, digest: string, procedure: Procedure): void {
    this.#current[name] = { digest, procedure };
    this.#changed = true;
  }

  /**
   * Saves on a later turn of the event loop rather than now: at 1,500
   * procedures a save takes about 0.2 s, which a start need not wait for.
   * `done` settles once the save has run (a failure goes to `onError`) or was
   * cancelled; `cancel` drops a save that has not run yet.
   */
  saveSoon(onError: (error: unknown) => void): { done: Promise<void>; cancel(): void } {
    let cancel!: () => void;
    const done = new Promise<void>((resolve) => {
      const pending = setImmediate(() => {
        try {
          this.save();
        } catch (error) {
          onError(error);
        }
        resolve();
      });
      cancel = () => {
        clearImmediate(pending);
        resolve();
      };
    });
    return { done, cancel };
  }

  /**
   * Writes the cache when a file was added, changed or removed (temporary file,
   * then rename, so a crash leaves the old cache or the new one). Throws on a
   * write error; the caller decides whether that matters.
   */
  save(): void {
    const removed = Object.keys(this.#previous).some((name) => !(name in this.#current));
    if (!this.#changed && !removed) return;
    const contents: CacheFile = { format: FORMAT, fingerprint: this.#fingerprint, entries: this.#current };
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(contents));
    renameSync(temporary, this.#file);
  }
}
