import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { renderCertificatePdf } from '../../../src/issuance/render/render-certificate-pdf.js';
import { decodeQrCodes, pdfPageCount, pdfPagePng, pdfText } from './poppler.js';
import { juminhyoDocument, plainJuminhyoDocument, renderOptions, taxCertificateDocument, taxPaymentCertificateDocument } from './sample-certificates.js';

/** pdftotext turns ideographic spaces and cell gaps into runs of spaces; compare text with the spacing squeezed. */
function squeezed(text: string): string {
  return text.replace(/[ \t\u3000]+/g, ' ');
}

describe('renderCertificatePdf: 住民票の写し', () => {
  it('writes an A4 PDF whose extractable text holds the title, the household and the issuer', async () => {
    const pdf = await renderCertificatePdf(juminhyoDocument(), renderOptions());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const text = squeezed(pdfText(pdf));
    for (const expected of ['住民票の写し', '大阪市', '山﨑 正', '山﨑 和子', '昭和30年3月12日', '年月日不詳', '世帯主', '子の子', '大阪府大阪市阿倍野区阪南町3丁目14番22号', '1234 5678 9018', '本籍', '筆頭者', '大阪市長 横山 英幸', '令和8年12月1日']) {
      expect(text).toContain(expected);
    }
  });

  it('prints 𠮷 as itself and an IVS name with its base glyph, extracting the original sequence', async () => {
    const text = squeezed(pdfText(await renderCertificatePdf(juminhyoDocument(), renderOptions())));
    expect(text).toContain('𠮷田 結衣');
    expect(text).toContain('葛\u{E0100}西 陽向');
  });

  it('numbers every page with the 発行番号 and puts the 認証文 on the last page only', async () => {
    const pdf = await renderCertificatePdf(juminhyoDocument(), renderOptions());
    const pages = pdfPageCount(pdf);
    expect(pages).toBe(2);
    const first = squeezed(pdfText(pdf, { first: 1, last: 1 }));
    const last = squeezed(pdfText(pdf, { first: pages, last: pages }));
    expect(first).toContain('発行番号 20261201-大阪市-ONLINE01-000123 1/2');
    expect(last).toContain('発行番号 20261201-大阪市-ONLINE01-000123 2/2');
    expect(first).not.toContain('この写しは、世帯全員の住民票の原本と相違ないことを証明する。');
    expect(last).toContain('この写しは、世帯全員の住民票の原本と相違ないことを証明する。');
    expect(last).toContain('記載省略事項：住民票コード');
  });

  it('leaves out 続柄, 本籍 and 個人番号 when the document does not hold them', async () => {
    const text = pdfText(await renderCertificatePdf(plainJuminhyoDocument(), renderOptions()));
    expect(text).toContain('髙橋');
    expect(text).toContain('昭和64年1月7日');
    const body = text.slice(0, text.indexOf('記載省略事項'));
    for (const absent of ['個人番号', '本籍', '筆頭者', '続柄', '世帯主', '住民となった日']) expect(body).not.toContain(absent);
    expect(squeezed(text)).toContain('記載省略事項：世帯主の氏名、続柄、本籍・筆頭者、個人番号、住民票コード');
  });

  it('prints 住民となった日 when a document carries it', async () => {
    const document = plainJuminhyoDocument();
    Object.assign(document.content.members[0]!, { becameResidentOn: { iso: '2019-05-01', wareki: '令和元年5月1日' } });
    const text = squeezed(pdfText(await renderCertificatePdf(document, renderOptions())));
    expect(text).toContain('住民となった日');
    expect(text).toContain('令和元年5月1日');
  });

  it('carries a QR code that decodes to the verification URL with id and hash, captioned for the reader', async () => {
    const options = renderOptions();
    const pdf = await renderCertificatePdf(plainJuminhyoDocument(), options);
    expect(decodeQrCodes(pdfPagePng(pdf, 1, 150))).toEqual([options.verificationUrl]);
    const text = squeezed(pdfText(pdf));
    expect(text).toContain('QRコードを読み取ると');
    expect(text).toContain('Scan the QR code to verify');
    expect(text).toContain(options.documentHash);
  });

  it('renders page 1 to a non-trivial image', async () => {
    const png = pdfPagePng(await renderCertificatePdf(juminhyoDocument(), renderOptions()), 1, 50);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(Math.abs(png.readUInt32BE(16) - (595.28 / 72) * 50)).toBeLessThan(2);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('renders the same document to the same bytes', async () => {
    const [a, b] = await Promise.all([renderCertificatePdf(juminhyoDocument(), renderOptions()), renderCertificatePdf(juminhyoDocument(), renderOptions())]);
    expect(a.equals(b)).toBe(true);
  });
});

describe('renderCertificatePdf: tax certificates', () => {
  it('lays a 課税（所得）証明書 out on one page with the 年度, income, deductions and tax', async () => {
    const pdf = await renderCertificatePdf(taxCertificateDocument(), renderOptions());
    expect(pdfPageCount(pdf)).toBe(1);
    const text = squeezed(pdfText(pdf));
    for (const expected of ['課税（所得）証明書', '令和6年度（令和5年分）', '課税', '合計所得金額', '3,816,000円', '社会保険料控除', '776,700円', '16歳未満 1人', '年税額', '224,900円', '金融機関での手続き', '上記のとおり相違ないことを証明する。', '大阪市長 横山 英幸']) {
      expect(text).toContain(expected);
    }
  });

  it('lays a 納税証明書 out with each 税目 and its paid and unpaid amounts', async () => {
    const text = squeezed(pdfText(await renderCertificatePdf(taxPaymentCertificateDocument(), renderOptions())));
    for (const expected of ['納税証明書', '令和7年度', '市民税・府民税（普通徴収）', '固定資産税・都市計画税', '軽自動車税（種別割）', '令和8年1月31日', '30,000円', '未納額の合計', '令和7年度の未納額は30,000円です。']) {
      expect(text).toContain(expected);
    }
  });
});

describe('renderCertificatePdf: hostile documents', () => {
  it('prints 〓 for private-use characters and ignores bidi overrides, without failing', async () => {
    const document = plainJuminhyoDocument();
    document.content.members[0]!.name = '髙橋\u202E　\u{E000}郎';
    const text = squeezed(pdfText(await renderCertificatePdf(document, renderOptions())));
    expect(text).toContain('髙橋 〓郎');
  });

  it('leaves a "__proto__" item from parsed JSON out, neither printing it nor adopting it as a prototype', async () => {
    const document = JSON.parse(JSON.stringify(taxCertificateDocument()).replace('"dependants"', '"__proto__"'));
    const text = pdfText(await renderCertificatePdf(document, renderOptions()));
    expect(text).toContain('社会保険料控除');
    expect(text).not.toContain('__proto__');
    expect(text).not.toContain('16歳未満');
    expect(({} as Record<string, unknown>).under16).toBeUndefined();
  });

  it('refuses a document without members, naming where without repeating personal data', async () => {
    const document = { ...juminhyoDocument(), content: { ...juminhyoDocument().content, members: [] } };
    const error = await renderCertificatePdf(document, renderOptions()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'certificate-document-unrenderable', issues: [expect.objectContaining({ pointer: '/content/members' })] });
  });

  it('refuses huge names and unknown types, and never echoes the values', async () => {
    const huge = '山'.repeat(100_000);
    const error = await renderCertificatePdf({ ...juminhyoDocument(), subject: { name: huge } }, renderOptions()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect(JSON.stringify((error as InputError).issues)).not.toContain('山山');
    await expect(renderCertificatePdf({ ...juminhyoDocument(), type: 'koseki' }, renderOptions())).rejects.toBeInstanceOf(InputError);
    await expect(renderCertificatePdf(null, renderOptions())).rejects.toBeInstanceOf(InputError);
  });

  it('renders deeply nested extra content without reading it', async () => {
    let nested: Record<string, unknown> = {};
    for (let i = 0; i < 5_000; i++) nested = { nested };
    const document = juminhyoDocument();
    Object.assign(document.content, { extra: nested });
    expect(pdfText(await renderCertificatePdf(document, renderOptions()))).toContain('住民票の写し');
  });
});

describe('renderCertificatePdf: test documents', () => {
  it('stamps every page of a dev-PKI document with 見本 / TEST DOCUMENT and marks the seal as a sample', async () => {
    const pdf = await renderCertificatePdf({ ...juminhyoDocument(), testDocument: true }, renderOptions());
    const pages = pdfPageCount(pdf);
    for (let page = 1; page <= pages; page++) {
      const text = squeezed(pdfText(pdf, { first: page, last: page }));
      expect(text).toContain('見本');
      expect(text).toContain('TEST DOCUMENT');
    }
    const last = pdfText(pdf, { first: pages, last: pages });
    expect(last.split('見本').length - 1).toBeGreaterThanOrEqual(2);
  });

  it('shows no test mark on a document that is not marked as a test document', async () => {
    for (const document of [juminhyoDocument(), taxCertificateDocument(), taxPaymentCertificateDocument()]) {
      const text = pdfText(await renderCertificatePdf(document, renderOptions()));
      expect(text).not.toContain('見本');
      expect(text).not.toContain('TEST DOCUMENT');
    }
  });
});
