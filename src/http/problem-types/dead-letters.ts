import { BODY_SHAPE_ISSUE_CODES } from './issue-codes.js';
import type { ProblemType } from './problem-type.js';

/** Problems of the staff's dead-letter endpoints under `/v1/admin/dead-letters`. */
export const DEAD_LETTER_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'dead-letter-not-found',
    status: 404,
    title: 'Dead letter not found',
    titleJa: 'デッドレターが見つかりません',
    description: 'There is no job with this id.',
    descriptionJa: 'この ID のジョブはありません。',
    action: 'Take the id from GET /v1/admin/dead-letters.',
    actionJa: 'ID は GET /v1/admin/dead-letters から取得してください。',
    carriesErrors: false,
  },
  {
    code: 'not-a-dead-letter',
    status: 409,
    title: 'Not a dead letter',
    titleJa: 'デッドレターではありません',
    description: 'The job is not a dead letter (any more): it was replayed or discarded meanwhile, or it never failed for good.',
    descriptionJa: 'このジョブはデッドレターではありません。すでに再実行または破棄されたか、最終的な失敗に至っていません。',
    action: 'Reload the dead-letter list; someone else may have handled it.',
    actionJa: 'デッドレター一覧を読み込み直してください。ほかの職員が対応済みの可能性があります。',
    carriesErrors: false,
  },
  {
    code: 'discard-invalid',
    status: 422,
    title: 'Invalid discard request',
    titleJa: '破棄の指定が不正です',
    description: 'The body of the discard is not { "reason": "…" } with a reason of 1–500 characters.',
    descriptionJa: '破棄のリクエストボディが、1〜500 文字の理由を持つ { "reason": "…" } になっていません。',
    action: 'Send { "reason": "…" } with a reason of 1–500 characters.',
    actionJa: '1〜500 文字の理由を { "reason": "…" } の形で送ってください。',
    carriesErrors: true,
    issueCodes: BODY_SHAPE_ISSUE_CODES,
  },
];
