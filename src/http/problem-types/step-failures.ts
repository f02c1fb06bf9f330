import type { ProblemType } from './problem-type.js';

/** What a client does about a failed route step the gateway retries by itself. */
const RETRIED_STEP_ACTION = {
  action:
    'Nothing for the client to do: the gateway retries the step with backoff. If it keeps failing, the application becomes failed and staff find it among the dead letters.',
  actionJa:
    'クライアント側で行うことはありません。ゲートウェイが間隔を空けて再試行します。失敗が続くと申請は failed となり、職員がデッドレター一覧で確認します。',
};

/** What happens to a failed route step that is not retried. */
export const DEAD_LETTER_ACTION = {
  action: 'Not retried. Staff find it among the dead letters (GET /v1/admin/dead-letters), remove the cause, then replay or discard the step.',
  actionJa: '再試行はされません。職員がデッドレター一覧（GET /v1/admin/dead-letters）で確認し、原因を取り除いてから再実行（replay）または破棄（discard）します。',
};

/** Where the code of a failed route step shows. */
const WHERE_RECORDED = {
  en: "It is recorded as the reason of the failed step: in the application's deliveries[].lastError when the step delivers a message, and in the dead-letter list once the step is given up.",
  ja: '失敗したステップの理由として記録されます。メッセージを送るステップでは申請の deliveries[].lastError に、ステップが打ち切られた後はデッドレター一覧に表示されます。',
};

/**
 * A code of `UpstreamError`: a core system, the payment provider or the
 * convenience-store network failed (502). The title follows from
 * `retryable`; an entry whose cause is not the other system's (such as
 * `adapter-not-configured`) sets its own.
 */
export function coreSystemFailure(code: string, retryable: boolean, description: string, descriptionJa: string): ProblemType {
  return {
    code,
    status: 502,
    title: retryable ? 'Core system temporarily failed' : 'Core system refused the message',
    titleJa: retryable ? '基幹システムの一時的な障害' : '基幹システムによる受付拒否',
    description: `${description} ${WHERE_RECORDED.en}`,
    descriptionJa: `${descriptionJa}${WHERE_RECORDED.ja}`,
    ...(retryable ? RETRIED_STEP_ACTION : DEAD_LETTER_ACTION),
    carriesErrors: false,
  };
}
