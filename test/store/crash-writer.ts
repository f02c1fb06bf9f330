/**
 * Child process for the SQLite crash test: writes applications as fast as it
 * can and prints each id on stdout only after its createApplication promise
 * resolved (i.e. after the commit was fsync'd). The parent SIGKILLs it at a
 * random moment and checks every printed id survived.
 *
 * Usage: node --import tsx test/store/crash-writer.ts <database-path>
 */
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { crashApplication } from './crash-application.js';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-writer.ts <database-path>');
const store = openSqliteStore({ path });
const WRITERS = 16;

async function writeForever(writer: number): Promise<never> {
  for (let n = 0; ; n++) {
    const id = `crash-${writer}-${n}`;
    await store.createApplication(crashApplication(id));
    process.stdout.write(`${id}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: WRITERS }, (_, writer) => writeForever(writer)));
