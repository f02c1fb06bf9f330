import type { ProblemType } from './problem-type.js';

/** Problems of the store network's document fetch that guard pickup codes against guessing. */
export const PICKUP_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'store-terminal-invalid',
    status: 400,
    title: 'X-Store-Terminal required',
    titleJa: 'X-Store-Terminal が必要です',
    description:
      'A document fetch names the kiosk it is for in an X-Store-Terminal header: 1–64 of A–Z a–z 0–9 . _ : -. The header is missing or malformed; nothing was looked up.',
    descriptionJa:
      '文書の取得には、どの端末（マルチコピー機）のためかを X-Store-Terminal ヘッダーで示してください（A–Z a–z 0–9 . _ : - の 1〜64 文字）。ヘッダーがないか形式が正しくないため、照会していません。',
    action: "Send the terminal's id, the same for every fetch from that terminal.",
    actionJa: 'その端末からの取得では毎回同じ端末 ID を送ってください。',
    carriesErrors: true,
    issueCodes: ['required', 'invalid-format'],
  },
  {
    code: 'pickup-lookups-limited',
    status: 429,
    title: 'Too many wrong pickup codes',
    titleJa: '誤った受付番号が多すぎます',
    description:
      'This terminal, or the store network as a whole, tried more codes that name no pickup than its limit allows; until Retry-After no code is looked up, a right one neither (otherwise the answers would tell right from wrong).',
    descriptionJa:
      'この端末、またはコンビニ交付のネットワーク全体で、該当のない受付番号の照会が上限を超えました。Retry-After の秒数が過ぎるまでは、正しい番号を含めて照会しません（正誤が応答から分からないようにするため）。',
    action: 'Wait the seconds in Retry-After. A resident who keeps getting this should check the code in the application status, not try others.',
    actionJa: 'Retry-After の秒数だけ待ってください。住民には、別の番号を試すのではなく、申請の状況照会で受付番号を確かめるよう案内してください。',
    carriesErrors: false,
  },
  {
    code: 'pickup-locked',
    status: 410,
    title: 'Pickup code locked',
    titleJa: '受付番号はロックされています',
    description:
      'Too many wrong check parts (the last 4 digits) were tried on this pickup number, so its code no longer works, for good; the document is not handed out with it.',
    descriptionJa: 'この受付番号の確認部分（末尾 4 桁）の誤りが上限に達したため、この受付番号は今後使えません。文書は取得できません。',
    action: 'The resident applies for convenience-store issuance again and gets a new code.',
    actionJa: '住民があらためてコンビニ交付を申請し、新しい受付番号を受け取る必要があります。',
    carriesErrors: false,
  },
  {
    code: 'pickup-lookups-unavailable',
    status: 503,
    title: 'Pickup lookups unavailable',
    titleJa: '受付番号を照会できません',
    description: 'The limit on wrong pickup codes cannot be checked right now (its shared store does not answer), so no code is looked up.',
    descriptionJa: '誤った受付番号の照会上限を今は確認できない（共有ストアが応答しない）ため、照会していません。',
    action: 'Try again after the seconds in Retry-After.',
    actionJa: 'Retry-After の秒数が過ぎてから再試行してください。',
    carriesErrors: false,
  },
];
