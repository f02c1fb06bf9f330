/**
 * The procedure finder (手続きを探す): a tree of questions whose answers narrow
 * the catalog, declared as data in `mappings/finder.yaml`. The types here are
 * the file after it was checked (`load-finder.ts`).
 */
import type { LocalizedText } from '../catalog/procedure.js';

/** One answer: it leads to the next question, or it is a leaf naming procedures. */
export type FinderAnswer = {
  /** kebab-case, unique among the question's answers; the frontend sends it back in `answers`. */
  id: string;
  label: LocalizedText;
} & ({ next: string } | { procedures: string[]; note?: LocalizedText });

/** One question and the answers a resident can choose from. */
export interface FinderQuestion {
  id: string;
  text: LocalizedText;
  answers: FinderAnswer[];
}

/** The checked tree: every `next` names a question, every question is reachable, no answer leads back. */
export interface FinderTree {
  start: FinderQuestion;
  questions: ReadonlyMap<string, FinderQuestion>;
}

/** Most questions on one way through the tree, and so most items of `answers` a walk takes. */
export const MAX_FINDER_DEPTH = 16;

/** Whether an answer is a leaf (it names procedures rather than a next question). */
export function isLeaf(answer: FinderAnswer): answer is Extract<FinderAnswer, { procedures: string[] }> {
  return 'procedures' in answer;
}
