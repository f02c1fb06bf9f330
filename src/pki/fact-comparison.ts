/**
 * How a value typed into a form is compared with the same fact in a signing
 * certificate. Differences that are only width (全角/半角), kana script
 * (ひらがな/カタカナ) or spacing are ignored; old and new character forms
 * (髙/高, 﨑/崎, 𠮷/吉) are not folded into each other — the certificate's
 * substitute-character text is the accepted alternative for those.
 */

/** CJK compatibility ideographs: NFKC (even NFC) would replace them by their unified form, which is a different registered character. */
const COMPATIBILITY_IDEOGRAPHS = /([\uF900-\uFAFF\u{2F800}-\u{2FA1F}]+)/u;
const WHITE_SPACE = /\s+/gu;
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/g;

/** The comparison form of a fact: NFKC except for compatibility ideographs, katakana for hiragana, no white space. */
export function comparableFact(value: string): string {
  const folded = value
    .split(COMPATIBILITY_IDEOGRAPHS)
    .map((part, index) => (index % 2 === 1 ? part : part.normalize('NFKC')))
    .join('');
  return folded.replace(WHITE_SPACE, '').replace(HIRAGANA, (kana) => String.fromCharCode(kana.charCodeAt(0) + 0x60));
}

/** true when the form value equals the certificate value or, when given, its substitute-character text. */
export function factMatches(formValue: string, certificateValue: string, substitute?: string): boolean {
  const typed = comparableFact(formValue);
  return typed === comparableFact(certificateValue) || (substitute !== undefined && typed === comparableFact(substitute));
}
