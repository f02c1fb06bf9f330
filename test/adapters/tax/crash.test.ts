import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adapterContext, exchangeDirectory, list, makeAdapter, messageIdsOfRequestFiles, makeSimulator, PEOPLE, ReplyRecorder, taxMessage, TestClock } from './helpers.js';

let exchange: { path: string; cleanup: () => Promise<void> };
let clock: TestClock;
let recorder: ReplyRecorder;

const dir = (name: string): string => join(exchange.path, name);

beforeEach(async () => {
  exchange = await exchangeDirectory();
  clock = new TestClock('2025-06-02T13:00:00.000Z');
  recorder = new ReplyRecorder();
});
afterEach(() => exchange.cleanup());

/** Message ids in all request files of the outbox. */
async function requestedIds(): Promise<string[]> {
  return (await messageIdsOfRequestFiles(dir('outbox'))).sort();
}

describe('a gateway that dies before the cut-off', () => {
  it('writes the accepted messages at the next cut-off of a new adapter, each once, also when the runner re-delivers them', async () => {
    const first = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 10 } });
    await first.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    await first.deliver(taxMessage('2', PEOPLE.ito), adapterContext(clock));
    await first.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    // The process dies: the adapter object is dropped without a cut-off or close.

    const second = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 10 } });
    expect(await second.pendingCount()).toBe(2);
    expect(await second.deliver(taxMessage('2', PEOPLE.ito), adapterContext(clock))).toEqual({ kind: 'accepted', correlationKey: 'app-2:send-to-tax' });
    await second.deliver(taxMessage('3', PEOPLE.yamasaki), adapterContext(clock));
    expect(await second.cutoffNow()).not.toBeNull();
    expect(await requestedIds()).toEqual(['app-1:send-to-tax', 'app-2:send-to-tax', 'app-3:send-to-tax']);

    const third = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 10 } });
    await third.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    expect(await third.cutoffNow()).toBeNull();
    expect(await list(dir('outbox'))).toHaveLength(1);
  });

  it('finishes a batch whose manifest was written but whose request file was not', async () => {
    const first = makeAdapter(exchange.path, clock, recorder);
    await first.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    await first.deliver(taxMessage('2', PEOPLE.ito), adapterContext(clock));
    const fileName = (await first.cutoffNow())!;
    // Put the directory back to the moment between the manifest and the file.
    const manifestPath = join(dir('journal'), 'batches', `${fileName}.json`);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, state: 'writing' }));
    const pendingBefore = await readdir(join(dir('journal'), 'pending'));
    expect(pendingBefore).toEqual([]);
    await rm(join(dir('outbox'), fileName));
    await writeFile(join(dir('outbox'), `.${fileName}.tmp`), 'half a file');
    // The entries were only dropped after the file: restore them as they were.
    await mkdir(join(exchange.path, 'scratch'));
    for (const [id, person] of [['1', PEOPLE.takahashi], ['2', PEOPLE.ito]] as const) {
      const scratch = makeAdapter(join(exchange.path, 'scratch'), clock, recorder);
      await scratch.deliver(taxMessage(id, person), adapterContext(clock));
    }
    for (const name of await readdir(join(exchange.path, 'scratch', 'journal', 'pending'))) {
      await rename(join(exchange.path, 'scratch', 'journal', 'pending', name), join(dir('journal'), 'pending', name));
    }

    const second = makeAdapter(exchange.path, clock, recorder);
    expect(await second.pendingCount()).toBe(0);
    expect(await list(dir('outbox'))).toEqual([fileName]);
    expect(await requestedIds()).toEqual(['app-1:send-to-tax', 'app-2:send-to-tax']);
    expect(await readdir(join(dir('journal'), 'pending'))).toEqual([]);
  });

  it('keeps accepting while the outbox cannot be written, and writes the same batch first once it can', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 1 } });
    await adapter.pendingCount();
    await rm(dir('outbox'), { recursive: true });
    await writeFile(dir('outbox'), 'not a directory');
    expect(await adapter.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock))).toMatchObject({ kind: 'accepted' });
    await expect(adapter.health(adapterContext(clock))).rejects.toMatchObject({ retryable: true });
    const [manifestName] = await readdir(join(dir('journal'), 'batches'));
    await rm(dir('outbox'));
    await mkdir(dir('outbox'));
    clock.advance(60_000);
    await adapter.deliver(taxMessage('2', PEOPLE.ito), adapterContext(clock));
    await adapter.tick();
    expect(await list(dir('outbox'))).toEqual([manifestName!.replace(/\.json$/, ''), 'KKH_REQ_20250602220100_000002.dat']);
    expect(await requestedIds()).toEqual(['app-1:send-to-tax', 'app-2:send-to-tax']);
  });

  it('finishes moving a result file that was processed just before the process died, without resuming again', async () => {
    const simulator = await makeSimulator(exchange.path, clock);
    try {
      const first = makeAdapter(exchange.path, clock, recorder);
      await first.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
      await first.cutoffNow();
      const [resultName] = await simulator.poll();
      await first.pollInbox();
      expect(recorder.replies).toHaveLength(1);
      await rename(join(dir('processed'), resultName!), join(dir('inbox'), resultName!));

      const second = makeAdapter(exchange.path, clock, recorder);
      expect(await second.pollInbox()).toEqual([{ fileName: resultName, outcome: 'finished' }]);
      expect(recorder.replies).toHaveLength(1);
      expect(await list(dir('processed'))).toContain(resultName);
    } finally {
      await simulator.close();
    }
  });
});
