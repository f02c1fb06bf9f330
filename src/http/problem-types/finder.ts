import type { ProblemType } from './problem-type.js';

/** Problems with a walk through the procedure finder (GET /v1/finder). */
export const FINDER_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'finder-answers-invalid',
    status: 422,
    title: 'Invalid finder answers',
    titleJa: '回答の指定が正しくありません',
    description:
      'The answers parameter names an answer the question at that position does not have, continues after an answer that already leads to procedures, or is longer than any way through the questions. The pointer query:answers/<n> names the first answer (counted from 0) that does not fit.',
    descriptionJa:
      'answers パラメーターに、その位置の質問にない回答があるか、手続きに至った回答の後にさらに回答が続いているか、質問の経路より長い指定があります。errors[].pointer の query:answers/<n>（0 から数えます）が最初に合わない回答を示します。',
    action: 'Build answers from the href of the answers the previous response listed, or start again from GET /v1/finder.',
    actionJa: '直前の応答が示した回答の href を使うか、GET /v1/finder からやり直してください。',
    carriesErrors: true,
    issueCodes: ['invalid'],
  },
];
