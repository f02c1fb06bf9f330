import type { ProblemType } from './problem-type.js';
import { coreSystemFailure } from './step-failures.js';

/** A 422 refusal of the payment of a submission; errors[] points at the payment. */
function refusedPayment(code: string, title: string, titleJa: string, text: Pick<ProblemType, 'description' | 'descriptionJa' | 'action' | 'actionJa'>): ProblemType {
  return { code, status: 422, title, titleJa, ...text, carriesErrors: true, issueCodes: [code] };
}

/** Problems with the fee payment of a submission, and failures of the payment provider (refunds). */
export const PAYMENT_PROBLEM_TYPES: ProblemType[] = [
  refusedPayment('payment-required', 'Payment required', '手数料の支払いが必要です', {
    description: 'A fee is due and the submission carries no payment. The detail states the amount and how it is made up.',
    descriptionJa: '手数料がかかる申請ですが、payment がありません。金額と内訳は detail に示します。',
    action: 'Have the resident pay the fee at the payment provider, then submit with payment { provider, paymentId }.',
    actionJa: '決済事業者で手数料を支払ってもらい、payment { provider, paymentId } を付けて送ってください。',
  }),
  refusedPayment('payment-not-required', 'Payment not required', '手数料の支払いは不要です', {
    description: 'No fee is due for this application (a free procedure, or a fee exemption applies), yet the submission carries a payment.',
    descriptionJa: 'この申請には手数料がかからない（無料の手続、または減免の対象）にもかかわらず、payment が付いています。',
    action: 'Submit without payment.',
    actionJa: 'payment を付けずに送ってください。',
  }),
  {
    ...refusedPayment('payment-not-found', 'Payment not found', '決済が見つかりません', {
      description:
        'The payment provider has no payment with this paymentId (422 at submission). As a 502 in a dead letter, the provider did not find the payment whose fee the gateway asked it to refund.',
      descriptionJa:
        '決済事業者に、この paymentId の決済がありません（申請時は 422）。デッドレターに 502 として記録された場合は、返金を依頼した決済が決済事業者で見つからなかったことを示します。',
      action: 'Check the paymentId the payment provider returned and submit again; the same Idempotency-Key may be used.',
      actionJa: '決済事業者から返された paymentId を確認して送り直してください。同じ Idempotency-Key のままで構いません。',
    }),
    status: [422, 502],
  },
  refusedPayment('payment-not-captured', 'Payment not captured', '決済が確定していません', {
    description: 'The payment exists but is not captured: only authorised, failed or refunded. paymentStatus in the body says which.',
    descriptionJa: '決済はありますが、売上が確定（capture）していません（与信のみ、失敗、返金済みなど）。状態は本文の paymentStatus に示します。',
    action: 'Capture the payment, or have the resident pay again, then submit.',
    actionJa: '決済を確定（capture）するか、あらためて支払ってもらってから送ってください。',
  }),
  refusedPayment('payment-currency-mismatch', 'Payment in another currency', '決済の通貨が異なります', {
    description: 'The fee is due in yen but the payment is in another currency; expectedCurrency and actualCurrency in the body say which.',
    descriptionJa: '手数料は円で支払う必要がありますが、決済が別の通貨で行われています。本文の expectedCurrency と actualCurrency に示します。',
    action: 'Have the resident pay the fee in yen (JPY), then submit with that payment.',
    actionJa: '手数料を円（JPY）で支払ってもらい、その決済を付けて送ってください。',
  }),
  refusedPayment('payment-amount-mismatch', 'Payment amount does not match the fee', '決済金額が手数料と一致しません', {
    description:
      'The amount paid differs from the fee due for this form, for example after the number of copies changed. expectedAmount and actualAmount in the body give both.',
    descriptionJa: '支払われた金額が、このフォームの内容で決まる手数料と異なります（支払い後に通数を変えた場合など）。本文の expectedAmount と actualAmount に示します。',
    action: 'Have the resident pay exactly expectedAmount, then submit with that payment.',
    actionJa: 'expectedAmount どおりの金額を支払ってもらい、その決済を付けて送ってください。',
  }),
  {
    code: 'payment-already-used',
    status: 409,
    title: 'Payment already used',
    titleJa: '決済は使用済みです',
    description: 'This payment already paid for another application.',
    descriptionJa: 'この決済は、すでに別の申請の支払いに使われています。',
    action: 'If this is a retry of the same submission, send it with its original Idempotency-Key. Otherwise have the resident pay the fee of this application.',
    actionJa: '同じ申請の再送であれば、最初の Idempotency-Key で送ってください。そうでなければ、この申請の手数料をあらためて支払ってもらってください。',
    carriesErrors: false,
  },
  {
    code: 'payment-provider-unknown',
    status: 422,
    title: 'Unknown payment provider',
    titleJa: '不明な決済事業者',
    description: 'payment.provider is not a payment provider configured at the gateway. The detail lists the accepted ones.',
    descriptionJa: 'payment.provider が、ゲートウェイに設定された決済事業者ではありません。受け付ける事業者は detail に示します。',
    action: 'Use one of the providers the detail lists.',
    actionJa: 'detail に示された決済事業者のいずれかを指定してください。',
    carriesErrors: true,
    issueCodes: ['unknown-provider'],
  },
  {
    code: 'payment-provider-unavailable',
    status: 503,
    title: 'Payment provider unavailable',
    titleJa: '決済事業者に接続できません',
    description: 'The gateway could not check the payment because the payment provider is not answering.',
    descriptionJa: '決済事業者が応答しないため、決済を確認できませんでした。',
    action: 'Retry the same request after the seconds in Retry-After. The resident does not pay again.',
    actionJa: 'Retry-After ヘッダーの秒数だけ待ってから、同じリクエストを再送してください。住民が支払い直す必要はありません。',
    carriesErrors: false,
  },
  coreSystemFailure('payment-provider-failed', true, 'The payment provider answered with a server error (5xx).', '決済事業者がサーバーエラー（5xx）を返しました。'),
  coreSystemFailure('payment-provider-rate-limited', true, 'The payment provider is limiting the request rate (429).', '決済事業者がリクエスト数を制限しています（429）。'),
  coreSystemFailure('payment-provider-timeout', true, 'The payment provider did not answer in time.', '決済事業者から時間内に応答がありませんでした。'),
  coreSystemFailure(
    'payment-provider-unreachable',
    true,
    'The payment provider could not be reached: the connection was refused or reset, or the name did not resolve.',
    '決済事業者に接続できませんでした（接続の拒否・切断、または名前解決の失敗）。',
  ),
  coreSystemFailure('payment-provider-auth-failed', false, "The payment provider refused the gateway's API key (401 or 403).", '決済事業者がゲートウェイの API キーを拒否しました（401 または 403）。'),
  coreSystemFailure('payment-provider-rejected', false, 'The payment provider refused the request (4xx).', '決済事業者がリクエストを拒否しました（4xx）。'),
  coreSystemFailure('payment-response-invalid', false, "The payment provider's answer does not have the documented shape.", '決済事業者の応答が、仕様どおりの形式ではありません。'),
  coreSystemFailure('payment-response-too-large', false, "The payment provider's answer is larger than the gateway reads.", '決済事業者の応答が、ゲートウェイが読み取る上限を超えています。'),
];
