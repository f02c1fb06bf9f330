import type { ProblemType } from './problem-type.js';
import { DEAD_LETTER_ACTION } from './step-failures.js';

/** Problems the store raises: a store that cannot take writes, a busy record, and records that exist already (ids are generated, so these are rare). */
export const STORE_PROBLEM_TYPES: ProblemType[] = [
  {
    code: 'storage-unavailable',
    status: 503,
    title: 'Storage unavailable',
    titleJa: 'ストアを利用できません',
    description:
      'The gateway cannot write to its store just now: the disk is full, the database file or server is read-only, or the store cannot be reached. Nothing of the request was recorded; an Idempotency-Key used with it stays free. /readyz answers 503 until writes succeed again.',
    descriptionJa:
      'ゲートウェイが現在ストアに書き込めません（ディスクの空き不足、データベースファイルまたはサーバーの読み取り専用化、ストアへの接続不能のいずれか）。リクエストの内容は何も記録していません。同時に送った Idempotency-Key は未使用のままです。書き込みができるようになるまで /readyz は 503 を返します。',
    action: 'Retry the same request, with the same Idempotency-Key, after the seconds in Retry-After.',
    actionJa: 'Retry-After ヘッダーの秒数だけ待ってから、同じ Idempotency-Key で同じリクエストを再送してください。',
    carriesErrors: false,
  },
  {
    code: 'store-contention',
    status: 503,
    title: 'Store busy',
    titleJa: 'ストアが混み合っています',
    description: 'A record kept changing while the gateway was updating it (Redis store); the update was not made.',
    descriptionJa: '更新中のレコードが繰り返し変更されたため、更新を行えませんでした（Redis ストア）。',
    action: 'Retry the same request after the seconds in Retry-After.',
    actionJa: 'Retry-After ヘッダーの秒数だけ待ってから、同じリクエストを再送してください。',
    carriesErrors: false,
  },
  {
    code: 'duplicate-application',
    status: 409,
    title: 'Duplicate application',
    titleJa: '申請の重複',
    description: 'The store already holds an application with the id the gateway generated for this one; nothing was recorded.',
    descriptionJa: 'ゲートウェイがこの申請に割り当てた ID の申請がすでに記録されていたため、何も記録していません。',
    action: 'Send the same request again; if it repeats, report it quoting the request id.',
    actionJa: '同じリクエストを再送してください。繰り返し発生する場合は、リクエスト ID を添えて連絡してください。',
    carriesErrors: false,
  },
  {
    code: 'duplicate-job',
    status: 409,
    title: 'Duplicate job',
    titleJa: 'ジョブの重複',
    description: 'The store already holds a route job with the id of the next step of an application.',
    descriptionJa: '申請の次のステップの ID を持つ処理ジョブが、すでに記録されています。',
    ...DEAD_LETTER_ACTION,
    carriesErrors: false,
  },
  {
    code: 'duplicate-certificate',
    status: 409,
    title: 'Duplicate certificate',
    titleJa: '証明書の重複',
    description: 'The store already holds a certificate with this id. The issuing step takes this to mean that an earlier run of it issued the certificate.',
    descriptionJa: '同じ ID の証明書がすでに記録されています。交付のステップは、先に実行された同じステップで交付済みであるものとして扱います。',
    action: 'Nothing to do: the certificate exists once, as it should.',
    actionJa: '対応は不要です。証明書は 1 件だけ存在しており、それが正しい状態です。',
    carriesErrors: false,
  },
  {
    code: 'duplicate-pickup-code',
    status: 409,
    title: 'Duplicate pickup code',
    titleJa: '受付番号の重複',
    description: 'The convenience-store network gave a pickup code that already belongs to another certificate.',
    descriptionJa: 'コンビニ交付のネットワークから、別の証明書にすでに割り当てられている受付番号が返されました。',
    ...DEAD_LETTER_ACTION,
    carriesErrors: false,
  },
];
