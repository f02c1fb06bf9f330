import type { ProblemType } from './problem-type.js';
import { coreSystemFailure, DEAD_LETTER_ACTION } from './step-failures.js';

/** Where these codes show: they stop a route step, not a request. */
const WHERE_RECORDED = {
  en: 'It stops the route step and is recorded as its reason in the dead-letter list.',
  ja: 'ルートのステップはここで止まり、その理由としてデッドレター一覧に記録されます。',
};

/** A step of an application's route cannot build or send its message: a permanent failure (422 or 400). */
function stepRefusal(
  code: string,
  status: 400 | 422,
  title: string,
  titleJa: string,
  description: string,
  descriptionJa: string,
  errors: Pick<ProblemType, 'carriesErrors' | 'issueCodes'> = { carriesErrors: false },
): ProblemType {
  return {
    code,
    status,
    title,
    titleJa,
    description: `${description} ${WHERE_RECORDED.en}`,
    descriptionJa: `${descriptionJa}${WHERE_RECORDED.ja}`,
    ...DEAD_LETTER_ACTION,
    ...errors,
  };
}

/** The XML codec refused a document (400). */
function xmlRefusal(code: string, description: string, descriptionJa: string): ProblemType {
  return stepRefusal(
    code,
    400,
    'Invalid XML document',
    'XML 文書が不正です',
    `${description} The XML codec serves the resident registry, whose adapter usually reports this under a code of its own.`,
    `${descriptionJa}XML の処理は住民記録システムとの連携で使われ、通常はアダプターが独自のコードで報告します。`,
  );
}

/** Problems of the route runner: steps that cannot be run, records that cannot be mapped or encoded. */
export const ROUTE_STEP_PROBLEM_TYPES: ProblemType[] = [
  {
    // the gateway's own configuration is missing, not a refusal by the core system
    ...coreSystemFailure('adapter-not-configured', false, 'No adapter is configured for the system a route step names.', 'ルートのステップが指定するシステムのアダプターが設定されていません。'),
    title: 'No adapter configured for the core system',
    titleJa: '基幹システムのアダプターが設定されていません',
  },
  coreSystemFailure(
    'reply-expected',
    false,
    'A system accepted a request that needs an answer at once, without answering it.',
    'すぐに応答が必要なリクエストを、システムが応答を返さずに受け付けました。',
  ),
  coreSystemFailure(
    'step-not-available',
    false,
    'A built-in step of the route (such as issue-certificate or convenience-store) is not available in this gateway.',
    'ルートの組み込みステップ（issue-certificate、convenience-store など）が、このゲートウェイでは使えません。',
  ),
  stepRefusal(
    'applicant-unidentified',
    422,
    'Applicant not identified',
    '申請者を特定できません',
    'The application carries no signing-certificate serial to find the resident by.',
    '申請に署名用電子証明書のシリアル番号がないため、住民を検索できません。',
  ),
  stepRefusal(
    'resident-not-found',
    422,
    'Resident not found',
    '住民が見つかりません',
    'The resident registry has no resident for the signing certificate, so the household cannot be looked up.',
    '住民記録システムに署名用電子証明書に対応する住民がいないため、世帯を検索できません。',
  ),
  stepRefusal(
    'mapping-missing',
    422,
    'No mapping',
    'マッピングがありません',
    'There is no mapping from the procedure to the system the route step sends to (mappings/<system>/).',
    '手続からステップの送信先システムへのマッピング（mappings/<system>/）がありません。',
  ),
  stepRefusal(
    'mapping-input-invalid',
    422,
    'Application data cannot be mapped',
    '申請データを変換できません',
    "Values the system's record needs are missing or invalid in the application data; errors[] points at them.",
    '送信先システムのレコードに必要な値が、申請データにないか不正です。errors[] でその位置を示します。',
    { carriesErrors: true },
  ),
  stepRefusal(
    'unmappable-character',
    422,
    'Character not supported by the receiving system',
    '送信先のシステムで扱えない文字',
    "A value holds characters the receiving system's character set (CP932) cannot encode, and the step's charset policy does not let them through; errors[] points at each.",
    '値に、送信先の文字コード（CP932）で表せない文字が含まれており、ステップの文字セット方針（charset）では送信できません。errors[] で各文字の位置を示します。',
    { carriesErrors: true, issueCodes: ['unmappable-character'] },
  ),
  stepRefusal(
    'record-too-deep',
    422,
    'Record nested too deeply',
    'レコードの入れ子が深すぎます',
    'A mapped record nests deeper than a record for a core system may.',
    '変換後のレコードの入れ子が、基幹システム向けレコードの上限より深くなっています。',
    { carriesErrors: true, issueCodes: ['too-deep'] },
  ),
  stepRefusal(
    'record-layout-mismatch',
    422,
    'Record does not fit the file layout',
    'レコードがファイルレイアウトに合いません',
    'A fixed-length record of a batch file has a field that does not fit its layout: too long, of the wrong kind of characters, or not defined there.',
    'バッチファイルの固定長レコードに、レイアウトに合わない項目があります（長すぎる、文字の種類が違う、レイアウトにない項目など）。',
    { carriesErrors: true },
  ),
  stepRefusal(
    'tax-record-invalid',
    422,
    'Record not accepted by the tax system',
    '税務システムが受け付けないレコード',
    "Fields of the tax request record are not valid for the tax system's interface.",
    '税務システムへの照会レコードに、インターフェース仕様に合わない項目があります。',
    { carriesErrors: true },
  ),
  xmlRefusal('xml-too-large', 'The XML document is larger than the codec reads.', 'XML 文書が、読み取れる大きさの上限を超えています。'),
  xmlRefusal('xml-too-deep', 'XML elements nest deeper than the codec allows.', 'XML の要素の入れ子が上限より深くなっています。'),
  xmlRefusal(
    'xml-doctype-forbidden',
    'The XML document has a DOCTYPE or ENTITY declaration, which is never accepted.',
    'XML 文書に DOCTYPE または ENTITY 宣言があります。これらは受け付けません。',
  ),
  xmlRefusal('xml-malformed', 'The XML document is not well-formed.', 'XML 文書が整形式ではありません。'),
  xmlRefusal(
    'xml-forbidden-name',
    'An element or attribute name is not accepted, or a property name cannot be written as an XML name.',
    '要素名・属性名が受け付けられないか、プロパティ名を XML の名前として書けません。',
  ),
  xmlRefusal(
    'xml-invalid-value',
    'A value cannot be written as XML: it holds characters XML does not allow, or has no XML form.',
    '値を XML として書けません。XML で使えない文字を含むか、XML で表せない種類の値です。',
  ),
];
