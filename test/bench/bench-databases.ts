import postgres from 'postgres';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { seedFixtureUploads } from '../support/fixture-uploads.js';

/** The server benches make their databases on (KAKEHASHI_BENCH_POSTGRES_URL to use another). */
export const BENCH_POSTGRES_URL = process.env.KAKEHASHI_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Fresh PostgreSQL databases for bench targets, all dropped by `dropAll`. */
export class BenchDatabases {
  private readonly admin = postgres(BENCH_POSTGRES_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  private readonly made: string[] = [];

  answers(): Promise<boolean> {
    return this.admin`SELECT 1`.then(
      () => true,
      () => false,
    );
  }

  /** A new database, migrated, holding the sample's uploads (as a frontend would have uploaded them); its URL. */
  async fresh(): Promise<string> {
    const name = `kakehashi_bench_${process.pid}_${this.made.length}`;
    await this.admin.unsafe(`CREATE DATABASE ${name}`);
    this.made.push(name);
    const url = new URL(BENCH_POSTGRES_URL);
    url.pathname = `/${name}`;
    const store = await openPostgresStore({ url: url.toString() });
    await seedFixtureUploads(store);
    await store.close();
    return url.toString();
  }

  async dropAll(): Promise<void> {
    for (const name of this.made) await this.admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await this.admin.end({ timeout: 1 });
  }
}
