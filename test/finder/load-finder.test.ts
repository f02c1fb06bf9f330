import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/catalog/procedure.js';
import { proceduresInNoLeaf } from '../../src/finder/check-finder.js';
import { loadFinder } from '../../src/finder/load-finder.js';
import { startTestGateway } from '../support/gateway.js';

const QUESTION = "text: { ja: 質問, en: Question }";

describe('mappings/finder.yaml', () => {
  let catalog: Catalog;
  let directory: string;
  beforeAll(async () => {
    catalog = await loadCatalog('mappings/procedures');
    directory = mkdtempSync(join(tmpdir(), 'kakehashi-finder-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function finderFile(text: string): string {
    const file = join(directory, `finder-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return file;
  }

  it('leads to every procedure of the catalog: a procedure in no leaf cannot be found by residents', () => {
    const tree = loadFinder('mappings/finder.yaml', catalog);
    expect(proceduresInNoLeaf(tree, catalog)).toEqual([]);
  });

  it('names a procedure that is in no leaf', () => {
    const file = finderFile(`start: only\nquestions:\n  only:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy] }\n`);
    expect(proceduresInNoLeaf(loadFinder(file, catalog), catalog)).toEqual(expect.arrayContaining(['moving-out', 'child-allowance']));
  });

  it.each([
    ['an unknown procedure id', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy, no-such-procedure] }\n`, "at /questions/q/answers/0/procedures/1: no procedure 'no-such-procedure' in the catalog"],
    ['a next question that does not exist', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, next: nowhere }\n`, "at /questions/q/answers/0/next: no question 'nowhere' in questions"],
    ['an answer with neither next nor procedures', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A } }\n`, 'at /questions/q/answers/0: an answer has either `next`'],
    ['a cycle', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, next: r }\n  r:\n    ${QUESTION}\n    answers:\n      - { id: b, label: { ja: い, en: B }, next: q }\n`, "at /questions/r: an answer leads back to 'q'"],
    ['a question no answer leads to', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy] }\n  lost:\n    ${QUESTION}\n    answers:\n      - { id: b, label: { ja: い, en: B }, procedures: [juminhyo-copy] }\n`, 'at /questions/lost: no answer leads to this question'],
    ['an answer id used twice', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy] }\n      - { id: a, label: { ja: い, en: B }, procedures: [moving-out] }\n`, "at /questions/q/answers/1/id: answer id 'a' is used twice"],
    ['an English text missing', `start: q\nquestions:\n  q:\n    text: { ja: 質問 }\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy] }\n`, 'at /questions/q/text/en: required'],
    ['a misspelt key', `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedure: [juminhyo-copy] }\n`, 'at /questions/q/answers/0/procedure: unknown key'],
    ['a start question that does not exist', `start: nowhere\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy] }\n`, "at /start: no question 'nowhere' in questions"],
  ])('refuses %s, naming the file and the place in it', (_name, text, message) => {
    const file = finderFile(text);
    expect(() => loadFinder(file, catalog)).toThrow(`${file} ${message}`);
  });

  it('refuses a missing file', () => {
    expect(() => loadFinder(join(directory, 'absent.yaml'), catalog)).toThrow(/absent\.yaml: cannot be read; the procedure finder needs it/);
  });

  it('warns at the start of a gateway whose finder leaves procedures out, naming them', async () => {
    const mappings = mkdtempSync(join(tmpdir(), 'kakehashi-mappings-'));
    try {
      cpSync('mappings', mappings, { recursive: true });
      writeFileSync(join(mappings, 'finder.yaml'), `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [juminhyo-copy, moving-out, child-allowance, tax-certificate, tax-payment-certificate] }\n`);
      const gateway = await startTestGateway({ config: { catalogDirectory: join(mappings, 'procedures') } });
      try {
        const warning = gateway.logLines().find((line) => line.includes('procedures in no leaf'));
        expect(JSON.parse(warning!)).toMatchObject({ procedures: ['business-support-grant'] });
      } finally {
        await gateway.dispose();
      }
    } finally {
      rmSync(mappings, { recursive: true, force: true });
    }
  });

  it('stops the gateway from starting when a leaf names a procedure the catalog does not have', async () => {
    const mappings = mkdtempSync(join(tmpdir(), 'kakehashi-mappings-'));
    try {
      cpSync('mappings', mappings, { recursive: true });
      writeFileSync(join(mappings, 'finder.yaml'), `start: q\nquestions:\n  q:\n    ${QUESTION}\n    answers:\n      - { id: a, label: { ja: あ, en: A }, procedures: [jumin-hyo-copy] }\n`);
      await expect(startTestGateway({ config: { catalogDirectory: join(mappings, 'procedures') } })).rejects.toThrow(
        `${join(mappings, 'finder.yaml')} at /questions/q/answers/0/procedures/0: no procedure 'jumin-hyo-copy' in the catalog`,
      );
    } finally {
      rmSync(mappings, { recursive: true, force: true });
    }
  });
});
