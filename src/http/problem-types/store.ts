import type { ProblemType } from './problem-type.js';
import { DEAD_LETTER_ACTION } from './step-failures.js';

/** Problems the store raises: a busy record, and records that exist already (ids are generated, so these are rare). */
export const STORE_PROBLEM_TYPES: ProblemType[] = [
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
