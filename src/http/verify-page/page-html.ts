/** The city as the verification page names it, from `issuance.city` of the configuration. */
export interface VerifyPageCity {
  /** e.g. 大阪市 */
  name: string;
  /** e.g. Osaka City; the page's English text uses `name` when there is none. */
  nameEn?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/**
 * The verification page's HTML for `city`. Japanese is the page's default
 * language; the script switches every `data-i18n` text to English and back,
 * naming the city from the `data-city` attributes. No inline script or style,
 * so the page runs under a strict Content-Security-Policy.
 */
export function verifyPageHtml(city: VerifyPageCity): string {
  const name = escapeHtml(city.name);
  const nameEn = escapeHtml(city.nameEn ?? city.name);
  return PAGE.replace('<html lang="ja">', `<html lang="ja" data-city="${name}" data-city-en="${nameEn}">`).split('{city}').join(name);
}

const PAGE = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title data-i18n="pageTitle">電子証明書の検証 | {city}</title>
<link rel="stylesheet" href="/verify/assets/verify.css">
<script src="/verify/assets/verify.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main" data-i18n="skip">本文へ移動</a>
<header class="site-header">
  <div class="site-header__inner">
    <p class="site-header__issuer" data-i18n="issuer">{city}</p>
    <button type="button" id="language-toggle" class="language-toggle" lang="en" data-i18n="toggle">English</button>
  </div>
</header>
<main id="main" tabindex="-1">
  <h1 data-i18n="heading">電子証明書の検証</h1>
  <p data-i18n="intro">{city}が発行した電子証明書（住民票の写し、課税（所得）証明書、納税証明書）が本物で、改ざんされておらず、失効していないかを確認できます。印刷された証明書のQRコードを読み取った場合は、自動的に検証します。</p>
  <form id="verify-form" class="verify-form" novalidate>
    <fieldset>
      <legend data-i18n="documentLegend">証明書データ（cert.json）</legend>
      <div class="field">
        <label for="document-file" data-i18n="documentFile">ファイルを選ぶ</label>
        <input type="file" id="document-file" name="documentFile" accept=".json,application/json" aria-describedby="document-help">
      </div>
      <div class="field">
        <label for="document-text" data-i18n="documentText">または内容を貼り付ける</label>
        <textarea id="document-text" name="documentText" rows="6" spellcheck="false" autocomplete="off" aria-describedby="document-help"></textarea>
      </div>
      <p id="document-help" class="help" data-i18n="documentHelp">証明書と一緒に受け取った cert.json を選ぶか、その内容を貼り付けてください。</p>
    </fieldset>
    <fieldset>
      <legend data-i18n="signatureLegend">署名（cert.p7s）</legend>
      <div class="field">
        <label for="signature-file" data-i18n="signatureFile">ファイルを選ぶ</label>
        <input type="file" id="signature-file" name="signatureFile" accept=".p7s,application/pkcs7-signature" aria-describedby="signature-help">
      </div>
      <div class="field">
        <label for="signature-text" data-i18n="signatureText">または Base64 で貼り付ける</label>
        <textarea id="signature-text" name="signatureText" rows="3" spellcheck="false" autocomplete="off" aria-describedby="signature-help"></textarea>
      </div>
      <p id="signature-help" class="help" data-i18n="signatureHelp">cert.p7s はバイナリファイルです。選ぶだけで、この画面の中で Base64 に変換して送ります。</p>
    </fieldset>
    <p id="form-error" class="form-error" role="alert" hidden></p>
    <button type="submit" id="verify-button" class="verify-button" data-i18n="verify">検証する</button>
  </form>
  <section id="result" class="result" aria-live="polite" aria-atomic="true" aria-busy="false" tabindex="-1" aria-labelledby="result-heading">
    <h2 id="result-heading" data-i18n="resultHeading">検証結果</h2>
    <p id="result-placeholder" class="result__placeholder" data-i18n="resultPlaceholder">まだ検証していません。</p>
    <div id="result-body"></div>
  </section>
  <noscript><p class="form-error" data-i18n="noscript">このページで検証するには JavaScript を有効にしてください。API（POST /v1/verifications）や OpenSSL でも検証できます。</p></noscript>
</main>
<footer class="site-footer">
  <p data-i18n="footer">この画面は証明書の内容を保存しません。検証は{city}の証明書発行システムが行います。</p>
</footer>
</body>
</html>
`;
