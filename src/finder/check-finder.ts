/**
 * Checks a parsed finder file against the catalog and builds the tree: every
 * `next` names a question, every procedure id is in the catalog, answer ids
 * are unique per question, no way through the tree comes back to a question
 * or is longer than MAX_FINDER_DEPTH, and every question is reachable.
 */
import type { Catalog } from '../catalog/procedure.js';
import type { FinderFile } from './finder-schema.js';
import { MAX_FINDER_DEPTH, type FinderAnswer, type FinderQuestion, type FinderTree } from './finder-tree.js';

/** A problem in the finder file: where (path segments) and what. */
export interface FinderProblem {
  path: (string | number)[];
  message: string;
}

function answerOf(raw: FinderFile['questions'][string]['answers'][number], path: (string | number)[], file: FinderFile, catalog: Catalog): FinderAnswer | FinderProblem {
  const { id, label, next, procedures, note } = raw;
  if ((next === undefined) === (procedures === undefined)) return { path, message: 'an answer has either `next` (a question) or `procedures` (a leaf), not both and not neither' };
  if (next !== undefined) {
    if (note !== undefined) return { path: [...path, 'note'], message: 'only a leaf (an answer with `procedures`) has a note' };
    if (!Object.hasOwn(file.questions, next)) return { path: [...path, 'next'], message: `no question '${next}' in questions` };
    return { id, label, next };
  }
  const unknown = procedures!.findIndex((procedureId) => !catalog.get(procedureId));
  if (unknown >= 0) return { path: [...path, 'procedures', unknown], message: `no procedure '${procedures![unknown]}' in the catalog` };
  const repeated = procedures!.findIndex((procedureId, index) => procedures!.indexOf(procedureId) !== index);
  if (repeated >= 0) return { path: [...path, 'procedures', repeated], message: `procedure '${procedures![repeated]}' is named twice` };
  return { id, label, procedures: procedures!, ...(note ? { note } : {}) };
}

function isProblem(value: unknown): value is FinderProblem {
  return typeof value === 'object' && value !== null && 'message' in value && 'path' in value;
}

/** Walks from the start; a problem for a cycle, a way too long, or a question no answer leads to. */
function checkShape(questions: Map<string, FinderQuestion>, start: string): FinderProblem | undefined {
  const reached = new Set<string>();
  const onWay: string[] = [];
  const visit = (id: string): FinderProblem | undefined => {
    if (onWay.includes(id)) return { path: ['questions', onWay.at(-1)!], message: `an answer leads back to '${id}': the questions must form a tree without cycles` };
    if (onWay.length >= MAX_FINDER_DEPTH) return { path: ['questions', id], message: `more than ${MAX_FINDER_DEPTH} questions on one way through the tree` };
    reached.add(id);
    onWay.push(id);
    for (const answer of questions.get(id)!.answers) {
      const problem = 'next' in answer ? visit(answer.next) : undefined;
      if (problem) return problem;
    }
    onWay.pop();
    return undefined;
  };
  const problem = visit(start);
  if (problem) return problem;
  const unreachable = [...questions.keys()].find((id) => !reached.has(id));
  return unreachable === undefined ? undefined : { path: ['questions', unreachable], message: 'no answer leads to this question' };
}

/** The tree of a parsed file, or the first problem in it. */
export function checkFinder(file: FinderFile, catalog: Catalog): FinderTree | FinderProblem {
  if (!Object.hasOwn(file.questions, file.start)) return { path: ['start'], message: `no question '${file.start}' in questions` };
  const questions = new Map<string, FinderQuestion>();
  for (const [id, question] of Object.entries(file.questions)) {
    const answers: FinderAnswer[] = [];
    for (const [index, raw] of question.answers.entries()) {
      const path = ['questions', id, 'answers', index];
      if (answers.some((answer) => answer.id === raw.id)) return { path: [...path, 'id'], message: `answer id '${raw.id}' is used twice in this question` };
      const answer = answerOf(raw, path, file, catalog);
      if (isProblem(answer)) return answer;
      answers.push(answer);
    }
    questions.set(id, { id, text: question.text, answers });
  }
  const problem = checkShape(questions, file.start);
  if (problem) return problem;
  return { start: questions.get(file.start)!, questions };
}

/** Ids of the catalog's procedures that no leaf names: a resident cannot find them through the finder. */
export function proceduresInNoLeaf(tree: FinderTree, catalog: Catalog): string[] {
  const named = new Set<string>();
  for (const question of tree.questions.values()) {
    for (const answer of question.answers) if ('procedures' in answer) for (const id of answer.procedures) named.add(id);
  }
  return catalog
    .list()
    .map(({ procedure }) => procedure.id)
    .filter((id) => !named.has(id));
}
