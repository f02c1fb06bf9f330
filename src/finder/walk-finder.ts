/**
 * Walks the finder tree along the answers a resident chose, from the start
 * question: the result is the next question, or at a leaf the procedures.
 */
import { InputError } from '../errors.js';
import { isLeaf, MAX_FINDER_DEPTH, type FinderAnswer, type FinderQuestion, type FinderTree } from './finder-tree.js';

/** One step taken: the question asked and the answer chosen. */
export interface FinderStep {
  question: FinderQuestion;
  answer: FinderAnswer;
}

/** Where a walk ends: at a question still to answer, or at a leaf. */
export type FinderPosition =
  | { kind: 'question'; path: FinderStep[]; question: FinderQuestion }
  | { kind: 'procedures'; path: FinderStep[]; leaf: Extract<FinderAnswer, { procedures: string[] }> };

function answersIssue(index: number, message: string): InputError {
  return new InputError('finder-answers-invalid', message, [{ pointer: `query:answers/${index}`, code: 'invalid', message }]);
}

/** Follows `answers` (answer ids, one per question) from the start; InputError (422) for an answer the question does not have. */
export function walkFinder(tree: FinderTree, answers: readonly string[]): FinderPosition {
  if (answers.length > MAX_FINDER_DEPTH) throw answersIssue(MAX_FINDER_DEPTH, `At most ${MAX_FINDER_DEPTH} answers: no way through the questions is longer.`);
  const path: FinderStep[] = [];
  let question = tree.start;
  for (const [index, id] of answers.entries()) {
    const answer = question.answers.find((candidate) => candidate.id === id);
    if (!answer) throw answersIssue(index, `Answer ${index + 1} is not one of the answers to question '${question.id}'.`);
    path.push({ question, answer });
    if (isLeaf(answer)) {
      if (index < answers.length - 1) throw answersIssue(index + 1, `Answer ${index + 1} already leads to procedures; nothing follows it.`);
      return { kind: 'procedures', path, leaf: answer };
    }
    question = tree.questions.get(answer.next)!;
  }
  return { kind: 'question', path, question };
}
