import { BODY_SHAPE_ISSUE_CODES } from './issue-codes.js';
import type { ProblemType } from './problem-type.js';

const NEW_CHALLENGE = {
  action: 'Fetch a new challenge (GET /v1/prefill/challenge), have the resident sign it with the authentication certificate, and send the prefill again.',
  actionJa: '新しいチャレンジを取得し（GET /v1/prefill/challenge）、利用者証明用電子証明書で署名してもらってから、もう一度送ってください。',
};

function challengeProblem(code: string, issueCode: string, title: string, titleJa: string, description: string, descriptionJa: string): ProblemType {
  return { code, status: 422, title, titleJa, description, descriptionJa, ...NEW_CHALLENGE, carriesErrors: true, issueCodes: [issueCode] };
}

/** Problems with a prefill (GET /v1/prefill/challenge, POST /v1/prefill). */
export const PREFILL_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'prefill-request-invalid',
    status: 422,
    title: 'Invalid prefill request',
    titleJa: '入力補助の要求が正しくありません',
    description: 'The body is not { procedureId, challenge, signature: { format: "cms-detached", value } }, or a member is of the wrong type or too long. errors[].pointer names each.',
    descriptionJa: '本文が { procedureId, challenge, signature: { format: "cms-detached", value } } の形ではないか、項目の型や長さが違います。errors[].pointer が該当する項目を示します。',
    action: 'Correct the members named and send the prefill again.',
    actionJa: '示された項目を直して、もう一度送ってください。',
    carriesErrors: true,
    issueCodes: BODY_SHAPE_ISSUE_CODES,
  },
  {
    code: 'prefill-not-offered',
    status: 422,
    title: 'Prefill not offered',
    titleJa: 'この手続では入力補助を利用できません',
    description: 'The procedure (/procedureId) declares no form fields the resident register fills (mappings/prefill.yaml). Nothing was looked up and the challenge is still good.',
    descriptionJa: 'この手続（/procedureId）には、住民記録から入力できる項目の定めがありません（mappings/prefill.yaml）。照会は行っておらず、チャレンジはまだ使えます。',
    action: 'Let the resident fill the form.',
    actionJa: '住民の方に入力してもらってください。',
    carriesErrors: true,
    issueCodes: ['not-offered'],
  },
  challengeProblem(
    'prefill-challenge-unknown',
    'unknown',
    'Unknown prefill challenge',
    '不明なチャレンジです',
    'The challenge (/challenge) was not issued by this gateway, or so long ago that it is forgotten.',
    'チャレンジ（/challenge）はこのゲートウェイが発行したものではないか、発行から時間が経ちすぎています。',
  ),
  challengeProblem(
    'prefill-challenge-other-client',
    'other-client',
    'Prefill challenge of another client',
    '別のクライアントのチャレンジです',
    'The challenge (/challenge) was issued to another API client. A challenge is good only for the client that fetched it; it was left untouched.',
    'チャレンジ（/challenge）は別の API クライアントに発行されたものです。チャレンジは取得したクライアントだけが使えます（そのチャレンジは変更していません）。',
  ),
  challengeProblem(
    'prefill-challenge-used',
    'used',
    'Prefill challenge already used',
    'チャレンジは使用済みです',
    'The challenge (/challenge) was used already: each is good for one prefill, whatever its outcome.',
    'チャレンジ（/challenge）はすでに使われています。結果にかかわらず、一つのチャレンジで入力補助は一回だけです。',
  ),
  challengeProblem(
    'prefill-challenge-expired',
    'expired',
    'Prefill challenge expired',
    'チャレンジの有効期限が切れています',
    'The challenge (/challenge) is more than five minutes old.',
    'チャレンジ（/challenge）の発行から 5 分を過ぎています。',
  ),
  {
    code: 'prefill-resident-not-found',
    status: 422,
    title: 'Resident not in the register',
    titleJa: '住民記録に該当する方がいません',
    description: 'The signature (/signature) verified, but the resident register holds no current resident (住民) with that authentication certificate: a resident of another municipality, or one who moved out.',
    descriptionJa: '署名（/signature）は検証できましたが、その利用者証明用電子証明書の方は住民記録に現在の住民として記録されていません（他の市区町村の方、転出された方など）。',
    action: 'Let the resident fill the form.',
    actionJa: '住民の方に入力してもらってください。',
    carriesErrors: true,
    issueCodes: ['resident-not-found'],
  },
  {
    code: 'prefill-registry-unavailable',
    status: 503,
    title: 'Resident register unavailable',
    titleJa: '住民記録システムが利用できません',
    description: 'The resident register did not answer, answered 5xx, or sent a broken reply. The challenge is used up.',
    descriptionJa: '住民記録システムが応答しないか、5xx を返したか、壊れた応答を返しました。チャレンジは使用済みになっています。',
    action: 'Wait Retry-After seconds, then fetch a new challenge and try again; or let the resident fill the form.',
    actionJa: 'Retry-After 秒待ってから新しいチャレンジで再度試すか、住民の方に入力してもらってください。',
    carriesErrors: false,
  },
];
