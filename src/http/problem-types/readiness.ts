import type { ProblemType } from './problem-type.js';

/** What `/readyz` answers when the gateway should not get traffic. */
export const READINESS_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'not-ready',
    status: 503,
    title: 'Not ready',
    titleJa: '受付準備ができていません',
    description:
      'The gateway should not get traffic now: one of its readiness checks fails (the body lists them under `checks`), or it is draining before shutdown (`state: draining`).',
    descriptionJa:
      'ゲートウェイは現在リクエストを受けられる状態ではありません。準備状態の確認項目のいずれかが満たされていないか（本文の `checks` に一覧します）、停止前の切り離し中です（`state: draining`）。',
    action: 'Send traffic to another instance; ask /readyz again later.',
    actionJa: '他のインスタンスにリクエストを振り向け、しばらくしてから /readyz を確認してください。',
    carriesErrors: false,
  },
];
