import type { ProblemType } from './problem-type.js';

/** The usual way out of a refused signature. */
const SIGN_AGAIN = {
  action: 'Have the resident sign the application again with the My Number card, then submit it.',
  actionJa: 'マイナンバーカードで申請にあらためて署名してもらい、送り直してください。',
};

/** A 422 refusal of the JPKI signature of a submission. */
function refusedSignature(code: string, title: string, titleJa: string, description: string, descriptionJa: string, action = SIGN_AGAIN): ProblemType {
  return { code, status: 422, title, titleJa, description, descriptionJa, ...action, carriesErrors: false };
}

/** Problems with the JPKI signature (署名用電子証明書) of a submission. */
export const SIGNATURE_PROBLEM_TYPES: ProblemType[] = [
  refusedSignature(
    'signature-required',
    'Signature required',
    '署名が必要です',
    'The procedure requires a JPKI signature in /signature, and the submission has none.',
    'この手続には /signature に公的個人認証（JPKI）の署名が必要ですが、申請に含まれていません。',
    {
      action: 'Have the resident sign { procedureId, form } with the My Number card and send the signature in /signature.',
      actionJa: 'マイナンバーカードで { procedureId, form } に署名してもらい、/signature に入れて送ってください。',
    },
  ),
  {
    code: 'signature-malformed',
    status: 400,
    title: 'Signature is malformed',
    titleJa: '署名の形式が不正です',
    description: 'signature.value is not base64 of DER CMS SignedData.',
    descriptionJa: 'signature.value が DER 形式の CMS SignedData を base64 にしたものではありません。',
    action: 'Send the detached CMS signature (as openssl cms -sign -binary -outform DER makes it) in standard base64.',
    actionJa: '分離形式の CMS 署名（openssl cms -sign -binary -outform DER で作れる形式）を標準の base64 で送ってください。',
    carriesErrors: true,
    issueCodes: ['signature-malformed'],
  },
  refusedSignature(
    'signature-not-detached',
    'Signature must be detached',
    '署名は分離形式である必要があります',
    'The CMS signature carries the signed content; the gateway takes a detached signature over the canonical bytes.',
    'CMS 署名に署名対象のデータが含まれています。正規化したバイト列に対する分離形式の署名が必要です。',
    {
      action: 'Sign without embedding the content (openssl cms -sign without -nodetach).',
      actionJa: '署名対象のデータを含めずに署名してください（openssl cms -sign で -nodetach を付けない）。',
    },
  ),
  refusedSignature(
    'signature-signer-count',
    'Signature must have exactly one signer',
    '署名者は 1 人である必要があります',
    'The CMS signature has no signer, or more than one.',
    'CMS 署名に署名者がいないか、2 人以上います。',
  ),
  refusedSignature(
    'signature-attributes-missing',
    'Signature lacks required signed attributes',
    '必要な署名属性がありません',
    'The signer did not sign the contentType (id-data), messageDigest and signingTime attributes.',
    '署名者が contentType（id-data）、messageDigest、signingTime の各属性に署名していません。',
  ),
  refusedSignature(
    'signature-digest-mismatch',
    'Signed content differs from the submission',
    '署名対象が申請内容と一致しません',
    'The signature was made over other bytes than the RFC 8785 (JCS) canonical form of { procedureId, form } of this submission.',
    '署名が、この申請の { procedureId, form } を RFC 8785（JCS）で正規化したバイト列とは異なるデータに対して行われています。',
    {
      action: 'Sign the canonical bytes of exactly the procedureId and form being sent; any change to the form needs a new signature.',
      actionJa: '送信する procedureId と form そのものを正規化したバイト列に署名してください。フォームを変更した場合は署名し直す必要があります。',
    },
  ),
  refusedSignature(
    'signature-invalid',
    'Signature value is invalid',
    '署名値が正しくありません',
    "The signature value does not verify with the signer certificate's key.",
    '署名値が、署名者の証明書の鍵で検証できません。',
  ),
  refusedSignature(
    'signature-algorithm-unsupported',
    'Signature algorithm not supported',
    '対応していない署名アルゴリズム',
    'Only RSA PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512, with a key of at least 2048 bits, is accepted.',
    '受け付けるのは、2048 ビット以上の鍵による RSA PKCS#1 v1.5（SHA-256、SHA-384、SHA-512）の署名だけです。',
  ),
  refusedSignature(
    'signature-signer-certificate-missing',
    'Signer certificate not included',
    '署名者の証明書が含まれていません',
    "The CMS signature does not include the signer's certificate.",
    'CMS 署名に署名者の証明書が含まれていません。',
    {
      action: 'Sign so that the signing certificate is included (openssl cms -sign includes it unless -nocerts is given).',
      actionJa: '署名者の証明書を含めて署名してください（openssl cms -sign は -nocerts を付けなければ含めます）。',
    },
  ),
  refusedSignature(
    'signature-untrusted',
    'Signer certificate not issued by a trusted authority',
    '信頼された認証局が発行した証明書ではありません',
    'The signer certificate does not chain to a trusted JPKI certification authority.',
    '署名者の証明書が、信頼された公的個人認証の認証局につながりません。',
    {
      action: "Sign with the signing certificate (署名用電子証明書) of the resident's My Number card.",
      actionJa: '住民のマイナンバーカードの署名用電子証明書で署名してください。',
    },
  ),
  refusedSignature(
    'signature-certificate-expired',
    'Signer certificate expired',
    '署名者の証明書の有効期限が切れています',
    'The signer certificate, or a certificate of its chain, had expired at the signing time.',
    '署名者の証明書、またはその上位の証明書が、署名日時の時点で有効期限切れでした。',
    {
      action: "The resident renews the card's signing certificate at the city office and then signs again.",
      actionJa: '住民が市区町村の窓口で署名用電子証明書を更新したうえで、あらためて署名する必要があります。',
    },
  ),
  refusedSignature(
    'signature-certificate-not-yet-valid',
    'Signer certificate not yet valid',
    '署名者の証明書はまだ有効ではありません',
    'The signer certificate, or a certificate of its chain, was not yet valid at the signing time.',
    '署名者の証明書、またはその上位の証明書が、署名日時の時点ではまだ有効になっていませんでした。',
    {
      action: "Check the clock of the signing device, then sign again.",
      actionJa: '署名した端末の時計を確認してから、あらためて署名してください。',
    },
  ),
  refusedSignature(
    'signature-key-usage',
    'Signer certificate not for signing',
    '署名用の証明書ではありません',
    "The certificate is not meant for signatures, for example the card's user authentication certificate (利用者証明用電子証明書).",
    '署名用ではない証明書です（カードの利用者証明用電子証明書が使われた場合など）。',
    {
      action: 'Sign with the signing certificate (署名用電子証明書), the one protected by the 6–16 character password.',
      actionJa: '署名用電子証明書（6〜16 文字のパスワードで保護されたもの）で署名してください。',
    },
  ),
  refusedSignature(
    'signature-certificate-profile',
    'Signer certificate lacks the holder facts',
    '証明書に基本 4 情報がありません',
    "The certificate does not state the holder's name, birth date, gender and address as a JPKI signing certificate does, or has an unsupported critical extension.",
    '証明書に、署名用電子証明書が記載する氏名・生年月日・性別・住所（基本 4 情報）がないか、対応していない重要な拡張があります。',
    {
      action: "Sign with the signing certificate (署名用電子証明書) of the resident's My Number card.",
      actionJa: '住民のマイナンバーカードの署名用電子証明書で署名してください。',
    },
  ),
  refusedSignature(
    'signature-certificate-revoked',
    'Signer certificate revoked',
    '署名者の証明書は失効しています',
    'The signer certificate has been revoked, for example after a move or a lost card; revokedAt and reason in the body say when and why.',
    '署名者の証明書は失効しています（転居やカードの紛失などによる）。失効日時と理由は本文の revokedAt と reason に示します。',
    {
      action: 'The resident has a new signing certificate issued at the city office and then signs again.',
      actionJa: '住民が市区町村の窓口で署名用電子証明書の再発行を受けたうえで、あらためて署名する必要があります。',
    },
  ),
  refusedSignature(
    'signature-stale',
    'Signing time outside the accepted window',
    '署名日時が許容範囲外です',
    'The signing time is too far in the past or in the future; the detail states the limit.',
    '署名日時が古すぎるか、未来すぎます。許容範囲は detail に示します。',
    {
      action: 'Have the application signed again just before submitting it, and check the clock of the signing device.',
      actionJa: '送信の直前にあらためて署名してもらってください。署名した端末の時計も確認してください。',
    },
  ),
  {
    code: 'signature-replayed',
    status: 409,
    title: 'Signature already used',
    titleJa: '署名は使用済みです',
    description: 'This signed content was already submitted as another application.',
    descriptionJa: 'この署名付きの内容は、別の申請としてすでに送信されています。',
    action:
      'If this is a retry of the same submission, send it with its original Idempotency-Key to get the first response. Otherwise have the application signed again: every application needs a signature of its own.',
    actionJa:
      '同じ申請の再送であれば、最初の Idempotency-Key で送ると最初の応答が返ります。そうでなければ、あらためて署名してもらってください。申請ごとに新しい署名が必要です。',
    carriesErrors: false,
  },
  {
    code: 'revocation-unavailable',
    status: 503,
    title: 'Revocation status unavailable',
    titleJa: '失効情報を確認できません',
    description: 'The gateway cannot decide now whether the signer certificate is revoked (no current revocation list), so it neither accepts nor refuses the signature.',
    descriptionJa: '署名者の証明書が失効しているかを現在判断できないため（最新の失効リストが得られないため）、署名を受け付けも拒否もしていません。',
    action: 'Retry the same request, with the same Idempotency-Key and body, after the seconds in Retry-After.',
    actionJa: 'Retry-After ヘッダーの秒数だけ待ってから、同じリクエストを同じ Idempotency-Key・同じ内容で再送してください。',
    carriesErrors: false,
  },
];
