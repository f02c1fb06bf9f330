/**
 * The verification page's script (plain browser JavaScript, served as its
 * own asset). It reads cert.json and cert.p7s in the browser (the signature
 * file becomes base64 here), or the `id` and `hash` of a QR code link, posts
 * them to `/v1/verifications`, and shows the report: a verdict as a word and
 * an icon, the reason, the certificate's facts and each check. Every value
 * from the report or the document is inserted as text, never as markup.
 */
export const VERIFY_PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var TEXT = {
    ja: {
      pageTitle: '電子証明書の検証 | {city}',
      skip: '本文へ移動',
      issuer: '{city}',
      toggle: 'English',
      toggleLang: 'en',
      heading: '電子証明書の検証',
      intro: '{city}が発行した電子証明書（住民票の写し、課税（所得）証明書、納税証明書）が本物で、改ざんされておらず、失効していないかを確認できます。印刷された証明書のQRコードを読み取った場合は、自動的に検証します。',
      documentLegend: '証明書データ（cert.json）',
      documentFile: 'ファイルを選ぶ',
      documentText: 'または内容を貼り付ける',
      documentHelp: '証明書と一緒に受け取った cert.json を選ぶか、その内容を貼り付けてください。',
      signatureLegend: '署名（cert.p7s）',
      signatureFile: 'ファイルを選ぶ',
      signatureText: 'または Base64 で貼り付ける',
      signatureHelp: 'cert.p7s はバイナリファイルです。選ぶだけで、この画面の中で Base64 に変換して送ります。',
      verify: '検証する',
      verifying: '検証しています…',
      resultHeading: '検証結果',
      resultPlaceholder: 'まだ検証していません。',
      noscript: 'このページで検証するには JavaScript を有効にしてください。API（POST /v1/verifications）や OpenSSL でも検証できます。',
      footer: 'この画面は証明書の内容を保存しません。検証は{city}の証明書発行システムが行います。',
      valid: '有効',
      validReason: 'この証明書は{city}が発行したもので、発行後に改ざんされておらず、失効していません。',
      invalid: '無効',
      tampered: '改ざんされています。証明書の内容が、発行されたときの内容と一致しません。',
      revoked: '失効しています。',
      revokedOn: '失効日',
      revokedReason: '失効の理由',
      failedOther: '検証に失敗しました。',
      unknown: '判定できません',
      unknownReason: '現時点では有効かどうかを判定できません。時間をおいてもう一度お試しください。',
      reasonCode: '理由コード',
      facts: '証明書の内容',
      type: '種類',
      issuerLabel: '発行者',
      subjectName: '氏名',
      subjectAddress: '住所',
      fiscalYear: '年度',
      testDocumentLabel: 'テスト用',
      testDocument: '見本（テスト用の文書）です。本物の証明書ではありません。',
      serial: '発行番号',
      certificateId: '証明書番号',
      issuedAt: '発行日',
      signingTime: '署名日時',
      checks: '確認した項目',
      passed: '✓ 合格',
      failed: '✕ 不合格',
      notDecided: '? 判定不能',
      notChecked: '– 未確認',
      FORMAT_FAILURE: '証明書データまたは署名の形式が正しくありません。',
      EXPIRED: '有効期限が過ぎています。',
      NOT_YET_VALID: '署名した時点で、署名に使った証明書がまだ有効ではありませんでした。',
      NO_SIGNING_CERTIFICATE_FOUND: '署名に署名者の証明書が含まれていません。',
      NO_CERTIFICATE_CHAIN_FOUND: '{city}の認証局が発行した証明書で署名されたことを確認できません。',
      CHAIN_CONSTRAINTS_FAILURE: '署名に使われた証明書は、証明書の発行に使うものではありません。',
      'check.document-hash': '文書ハッシュの照合',
      'check.format': 'データ形式',
      'check.message-digest': '署名対象データとの一致',
      'check.signature': '署名の検証',
      'check.certificate-chain': '{city}の認証局までの証明書チェーン',
      'check.issuer-record': '発行記録との照合',
      'check.revocation': '失効の確認',
      'check.validity-period': '有効期間',
      'passedDetail.document-hash': '文書のハッシュ値が{city}の発行記録と一致します。',
      'passedDetail.format': '証明書データと署名の形式は正しいものです。',
      'passedDetail.message-digest': '証明書データは署名されたときのままです。',
      'passedDetail.signature': '署名は署名者の証明書の鍵で検証できました。',
      'passedDetail.certificate-chain': '署名に使われた証明書は{city}の認証局までたどれ、署名の時点で有効でした。',
      'passedDetail.issuer-record': '{city}はこの証明書をこの番号で記録しています。',
      'passedDetail.revocation': '失効していません。',
      'passedDetail.validity-period': '有効期間内です。',
      validUntil: '有効期限',
      checkedAt: '確認日時',
      notCheckedDetail: '前の項目が不合格のため、確認していません。',
      noRecord: 'この番号の証明書の発行記録がないため、状態を確認できません。',
      needDocument: '証明書データ（cert.json）を選ぶか貼り付けてください。',
      needSignature: '署名（cert.p7s）を選ぶか貼り付けてください。',
      badJson: '証明書データを JSON として読み取れません。受け取った cert.json をそのまま選んでください。',
      badBase64: '署名を Base64 として読み取れません。',
      tooLarge: 'ファイルが大きすぎます。',
      badLink: 'QRコードのリンクが正しくありません。もう一度読み取ってください。',
      network: '検証サービスに接続できませんでした。時間をおいてもう一度お試しください。',
      refused: '検証の依頼を受け付けられませんでした。',
      'juminhyo-copy': '住民票の写し',
      'tax-certificate': '課税（所得）証明書',
      'tax-payment-certificate': '納税証明書'
    },
    en: {
      pageTitle: 'Verify an electronic certificate | {city}',
      skip: 'Skip to main content',
      issuer: '{city}',
      toggle: '日本語',
      toggleLang: 'ja',
      heading: 'Verify an electronic certificate',
      intro: 'Check that an electronic certificate issued by {city} (copy of the certificate of residence, income and tax certificate, tax payment certificate) is genuine, unchanged and not revoked. If you scanned the QR code on a printed certificate, it is verified automatically.',
      documentLegend: 'Certificate data (cert.json)',
      documentFile: 'Choose a file',
      documentText: 'or paste its content',
      documentHelp: 'Choose the cert.json you received with the certificate, or paste its content.',
      signatureLegend: 'Signature (cert.p7s)',
      signatureFile: 'Choose a file',
      signatureText: 'or paste it as Base64',
      signatureHelp: 'cert.p7s is a binary file. Just choose it: this page converts it to Base64 before sending.',
      verify: 'Verify',
      verifying: 'Verifying…',
      resultHeading: 'Result',
      resultPlaceholder: 'Nothing verified yet.',
      noscript: 'Enable JavaScript to verify on this page. You can also verify through the API (POST /v1/verifications) or with OpenSSL.',
      footer: 'This page does not keep the certificate. Verification is done by the certificate system of {city}.',
      valid: 'Valid',
      validReason: 'This certificate was issued by {city}, has not been changed since, and has not been revoked.',
      invalid: 'Invalid',
      tampered: 'It has been tampered with: its content does not match what was issued.',
      revoked: 'It has been revoked.',
      revokedOn: 'Revoked on',
      revokedReason: 'Reason for revocation',
      failedOther: 'Verification failed.',
      unknown: 'Cannot determine',
      unknownReason: 'Whether it is valid cannot be determined at the moment. Please try again later.',
      reasonCode: 'Reason code',
      facts: 'About the certificate',
      type: 'Type',
      issuerLabel: 'Issuer',
      subjectName: 'Name',
      subjectAddress: 'Address',
      fiscalYear: 'Fiscal year',
      testDocumentLabel: 'Test',
      testDocument: 'Sample (test document). Not a real certificate.',
      serial: 'Issue number',
      certificateId: 'Certificate ID',
      issuedAt: 'Issued on',
      signingTime: 'Signed at',
      checks: 'What was checked',
      passed: '✓ Passed',
      failed: '✕ Failed',
      notDecided: '? Undecided',
      notChecked: '– Not checked',
      FORMAT_FAILURE: 'The certificate data or the signature is not in the expected form.',
      EXPIRED: 'Its validity period is over.',
      NOT_YET_VALID: 'The certificate used to sign was not yet valid when it signed.',
      NO_SIGNING_CERTIFICATE_FOUND: 'The signature does not include the signer\'s certificate.',
      NO_CERTIFICATE_CHAIN_FOUND: 'It cannot be confirmed that it was signed with a certificate from the certification authority of {city}.',
      CHAIN_CONSTRAINTS_FAILURE: 'The certificate used to sign is not one for issuing certificates.',
      'check.document-hash': 'Document hash',
      'check.format': 'Data format',
      'check.message-digest': 'Signed data matches',
      'check.signature': 'Signature',
      'check.certificate-chain': 'Certificate chain to the authority of {city}',
      'check.issuer-record': 'Issuer\'s record',
      'check.revocation': 'Revocation',
      'check.validity-period': 'Validity period',
      'passedDetail.document-hash': 'The document hash matches the record of {city}.',
      'passedDetail.format': 'The certificate data and the signature are in the expected form.',
      'passedDetail.message-digest': 'The certificate data is as it was when signed.',
      'passedDetail.signature': 'The signature verifies with the key of the signer certificate.',
      'passedDetail.certificate-chain': 'The signing certificate leads to the certification authority of {city} and was valid when it signed.',
      'passedDetail.issuer-record': '{city} has recorded this certificate under this id.',
      'passedDetail.revocation': 'Not revoked.',
      'passedDetail.validity-period': 'Within its validity period.',
      validUntil: 'Valid until',
      checkedAt: 'Checked at',
      notCheckedDetail: 'Not checked, because an earlier check failed.',
      noRecord: 'There is no record of a certificate with this id, so its status cannot be confirmed.',
      needDocument: 'Choose or paste the certificate data (cert.json).',
      needSignature: 'Choose or paste the signature (cert.p7s).',
      badJson: 'The certificate data is not readable JSON. Choose the cert.json you received, unchanged.',
      badBase64: 'The signature is not readable Base64.',
      tooLarge: 'The file is too large.',
      badLink: 'The QR code link is not valid. Please scan it again.',
      network: 'Could not reach the verification service. Please try again later.',
      refused: 'The verification request was not accepted.',
      'juminhyo-copy': 'Copy of the certificate of residence (juminhyo)',
      'tax-certificate': 'Income and tax certificate',
      'tax-payment-certificate': 'Tax payment certificate'
    }
  };
  var REVOCATION_REASONS = {
    keyCompromise: { ja: '鍵の危殆化', en: 'key compromise' },
    affiliationChanged: { ja: '記載事項の変更', en: 'details changed' },
    superseded: { ja: '再発行', en: 'superseded by a new certificate' },
    cessationOfOperation: { ja: '業務の終了', en: 'cessation of operation' },
    certificateHold: { ja: '一時停止', en: 'on hold' },
    unspecified: { ja: '理由の記載なし', en: 'unspecified' }
  };
  var TAMPERED = ['HASH_FAILURE', 'SIG_CRYPTO_FAILURE'];
  var MAX_DOCUMENT_BYTES = 1048576;
  // POST /v1/verifications takes at most 65,536 base64 characters of signature.
  var MAX_SIGNATURE_BYTES = 49152;

  var language = 'ja';
  var lastReport = null;
  var lastDocument = null;
  var lastError = null;

  // The city's names come with the page (the gateway's configuration), as attributes of <html>.
  function cityName() {
    var root = document.documentElement;
    return (language === 'en' && root.getAttribute('data-city-en')) || root.getAttribute('data-city') || '';
  }
  function t(key) {
    var text = Object.prototype.hasOwnProperty.call(TEXT[language], key) ? TEXT[language][key] : key;
    return text.split('{city}').join(cityName());
  }
  function byId(id) { return document.getElementById(id); }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function applyLanguage() {
    document.documentElement.lang = language;
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    var toggle = byId('language-toggle');
    toggle.setAttribute('lang', t('toggleLang'));
    if (lastReport) showReport(lastReport, lastDocument, false);
    if (lastError) showError(lastError, false);
  }

  function setLanguage(next) {
    language = next === 'en' ? 'en' : 'ja';
    try { window.localStorage.setItem('kakehashi.verify.lang', language); } catch (ignored) { /* storage may be disabled */ }
    applyLanguage();
  }

  function formatDate(value, withTime) {
    var date = new Date(value);
    if (!value || isNaN(date.getTime())) return value ? String(value) : '';
    var options = { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' };
    if (withTime) { options.hour = '2-digit'; options.minute = '2-digit'; }
    var locale = language === 'ja' ? 'ja-JP-u-ca-japanese' : 'en-GB';
    if (language === 'ja') options.era = 'long';
    return new Intl.DateTimeFormat(locale, options).format(date) + (withTime ? (language === 'ja' ? '（日本時間）' : ' (JST)') : '');
  }

  function issuerName(issuer) {
    if (!issuer) return '';
    if (typeof issuer === 'string') return issuer;
    return issuer.name || issuer.commonName || '';
  }

  function revocationReason(reason) {
    var known = REVOCATION_REASONS[reason];
    return known ? known[language] : String(reason);
  }

  function verdictOf(report) {
    var revocation = report.revocation || {};
    if (report.indication === 'TOTAL_PASSED') return { kind: 'valid', icon: '✓', word: t('valid'), reasons: [t('validReason')] };
    if (report.indication === 'TOTAL_FAILED') {
      var reasons = [];
      if (revocation.status === 'revoked' || report.subIndication === 'REVOKED') {
        reasons.push(t('revoked'));
        if (revocation.revokedAt) reasons.push(t('revokedOn') + ': ' + formatDate(revocation.revokedAt, false));
        if (revocation.reason) reasons.push(t('revokedReason') + ': ' + revocationReason(revocation.reason));
      } else if (TAMPERED.indexOf(report.subIndication) >= 0) {
        reasons.push(t('tampered'));
      } else {
        reasons.push(known(report.subIndication) ? t(report.subIndication) : t('failedOther'));
        if (report.subIndication) reasons.push(t('reasonCode') + ': ' + report.subIndication);
      }
      return { kind: 'invalid', icon: '✕', word: t('invalid'), reasons: reasons };
    }
    var unknownReasons = [known(report.subIndication) ? t(report.subIndication) : t('unknownReason')];
    if (report.subIndication) unknownReasons.push(t('reasonCode') + ': ' + report.subIndication);
    return { kind: 'unknown', icon: '?', word: t('unknown'), reasons: unknownReasons };
  }

  function known(key) {
    return typeof key === 'string' && Object.prototype.hasOwnProperty.call(TEXT.ja, key);
  }

  function checkName(name) {
    return known('check.' + name) ? t('check.' + name) : String(name);
  }

  function addFact(list, label, value) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(element('dt', '', label));
    list.appendChild(element('dd', '', value));
  }

  function checkResult(result) {
    var value = String(result || '').toLowerCase();
    if (value === 'passed' || value === 'pass' || value === 'ok' || value === 'valid') return { text: t('passed'), kind: 'passed' };
    if (value === 'failed' || value === 'fail' || value === 'invalid') return { text: t('failed'), kind: 'failed' };
    if (value === 'not_checked') return { text: t('notChecked'), kind: 'other' };
    return { text: t('notDecided'), kind: 'other' };
  }

  // The report's own details are English with UTC times; the page says the same in its language, with times in JST.
  function checkDetail(check, report, sentDocument) {
    var result = String(check.result || '').toUpperCase();
    var revocation = report.revocation || {};
    if (result === 'NOT_CHECKED') return t('notCheckedDetail');
    if (result === 'PASSED') {
      var text = known('passedDetail.' + check.name) ? t('passedDetail.' + check.name) : '';
      var notAfter = sentDocument && sentDocument.validity && sentDocument.validity.notAfter;
      if (check.name === 'validity-period' && notAfter) text += ' ' + t('validUntil') + ': ' + formatDate(notAfter, true);
      if (check.name === 'revocation' && revocation.checkedAt) text += ' ' + t('checkedAt') + ': ' + formatDate(revocation.checkedAt, true);
      return text;
    }
    if (check.name === 'revocation' && revocation.revokedAt) return t('revoked') + ' ' + t('revokedOn') + ': ' + formatDate(revocation.revokedAt, false);
    if (TAMPERED.indexOf(report.subIndication) >= 0) return t('tampered');
    if (known(report.subIndication)) return t(report.subIndication);
    return report.indication === 'INDETERMINATE' ? t('noRecord') : t('failedOther');
  }

  function clearResult() {
    var body = byId('result-body');
    while (body.firstChild) body.removeChild(body.firstChild);
    return body;
  }

  function showReport(report, sentDocument, moveFocus) {
    lastReport = report;
    lastDocument = sentDocument;
    lastError = null;
    byId('result-placeholder').hidden = true;
    var body = clearResult();
    var verdict = verdictOf(report);
    var box = element('div', 'verdict verdict--' + verdict.kind);
    box.id = 'verdict';
    box.setAttribute('data-indication', String(report.indication));
    var icon = element('span', 'verdict__icon', verdict.icon);
    icon.setAttribute('aria-hidden', 'true');
    box.appendChild(icon);
    var words = element('div', 'verdict__text');
    words.appendChild(element('strong', 'verdict__word', verdict.word));
    for (var i = 0; i < verdict.reasons.length; i++) words.appendChild(element('span', 'verdict__reason', verdict.reasons[i]));
    box.appendChild(words);
    body.appendChild(box);

    var certificate = report.certificate || {};
    body.appendChild(element('h3', '', t('facts')));
    var facts = element('dl', 'facts');
    var subject = certificate.subject || {};
    addFact(facts, t('subjectName'), subject.name);
    addFact(facts, t('subjectAddress'), subject.address);
    addFact(facts, t('fiscalYear'), subject.fiscalYear);
    addFact(facts, t('type'), certificate.type ? t(certificate.type) : '');
    if (certificate.testDocument === true) addFact(facts, t('testDocumentLabel'), t('testDocument'));
    addFact(facts, t('issuerLabel'), issuerName(certificate.issuer) || (sentDocument && issuerName(sentDocument.issuer)));
    addFact(facts, t('serial'), certificate.serial || (sentDocument && sentDocument.serial));
    addFact(facts, t('certificateId'), certificate.id);
    addFact(facts, t('issuedAt'), certificate.issuedAt ? formatDate(certificate.issuedAt, false) : '');
    addFact(facts, t('signingTime'), report.signingTime ? formatDate(report.signingTime, true) : '');
    body.appendChild(facts);

    var checks = Array.isArray(report.checks) ? report.checks : [];
    if (checks.length > 0) {
      body.appendChild(element('h3', '', t('checks')));
      var list = element('ul', 'checks');
      for (var j = 0; j < checks.length; j++) {
        var result = checkResult(checks[j].result);
        var item = element('li');
        item.appendChild(element('span', 'check__result check__result--' + result.kind, result.text));
        item.appendChild(element('span', 'check__name', checkName(checks[j].name)));
        var detail = checkDetail(checks[j], report, sentDocument);
        if (detail) item.appendChild(element('span', 'check__detail', detail));
        list.appendChild(item);
      }
      body.appendChild(list);
    }
    if (moveFocus) byId('result').focus();
  }

  function showError(key, moveFocus, detail) {
    lastError = key;
    lastReport = null;
    clearResult();
    var error = byId('form-error');
    error.textContent = t(key) + (detail ? ' ' + detail : '');
    error.hidden = false;
    if (moveFocus) error.focus();
  }

  function hideError() {
    lastError = null;
    var error = byId('form-error');
    error.hidden = true;
    error.textContent = '';
  }

  function setBusy(busy) {
    var button = byId('verify-button');
    button.disabled = busy;
    button.textContent = busy ? t('verifying') : t('verify');
    byId('result').setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function readFile(input, asText, limit) {
    var file = input.files && input.files[0];
    if (!file) return Promise.resolve(null);
    if (file.size > limit) return Promise.reject(new Error('tooLarge'));
    return asText ? file.text() : file.arrayBuffer();
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 32768) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
    return window.btoa(binary);
  }

  function cleanBase64(text) {
    var value = text.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) throw new Error('badBase64');
    return value;
  }

  function post(body, sentDocument) {
    setBusy(true);
    return window.fetch('/v1/verifications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        if (response.ok && answer && answer.indication) {
          hideError();
          showReport(answer, sentDocument, true);
        } else {
          showError('refused', true, answer && (answer.detail || answer.title) ? String(answer.detail || answer.title) : '');
        }
      });
    }, function () {
      showError('network', true);
    }).then(function () { setBusy(false); });
  }

  function submitUpload(event) {
    event.preventDefault();
    hideError();
    Promise.all([
      readFile(byId('document-file'), true, MAX_DOCUMENT_BYTES),
      readFile(byId('signature-file'), false, MAX_SIGNATURE_BYTES)
    ]).then(function (files) {
      var documentText = files[0] !== null ? files[0] : byId('document-text').value;
      if (!documentText.trim()) throw new Error('needDocument');
      if (documentText.length > MAX_DOCUMENT_BYTES) throw new Error('tooLarge');
      var parsed;
      try { parsed = JSON.parse(documentText); } catch (ignored) { throw new Error('badJson'); }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('badJson');
      var signature;
      if (files[1] !== null) signature = toBase64(files[1]);
      else {
        var pasted = byId('signature-text').value;
        if (!pasted.trim()) throw new Error('needSignature');
        if (pasted.length > MAX_SIGNATURE_BYTES * 2) throw new Error('tooLarge');
        signature = cleanBase64(pasted);
      }
      return post({ document: parsed, signature: signature }, parsed);
    }).catch(function (error) {
      showError(error && known(error.message) ? error.message : 'network', true);
    });
  }

  function verifyFromLink() {
    var params = new URLSearchParams(window.location.search);
    var id = params.get('id');
    var hash = params.get('hash');
    if (id === null && hash === null) return;
    if (!id || !hash || !/^[A-Za-z0-9_-]{1,128}$/.test(id) || !/^[0-9a-fA-F]{64}$/.test(hash)) {
      showError('badLink', false);
      return;
    }
    post({ certificateId: id, documentHash: hash.toLowerCase() }, null);
  }

  function start() {
    var saved = null;
    try { saved = window.localStorage.getItem('kakehashi.verify.lang'); } catch (ignored) { /* storage may be disabled */ }
    var requested = new URLSearchParams(window.location.search).get('lang');
    language = requested === 'en' || requested === 'ja' ? requested : saved === 'en' ? 'en' : 'ja';
    applyLanguage();
    byId('language-toggle').addEventListener('click', function () { setLanguage(language === 'ja' ? 'en' : 'ja'); });
    byId('verify-form').addEventListener('submit', submitUpload);
    byId('form-error').setAttribute('tabindex', '-1');
    verifyFromLink();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
