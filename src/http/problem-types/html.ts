/** Markup to insert as is: made by `html`, or from constant text of the gateway's own. */
export class Markup {
  constructor(readonly text: string) {}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** What a template may hold: text and numbers are escaped, markup is inserted as is. */
type HtmlValue = string | number | Markup | readonly Markup[];

function render(value: HtmlValue): string {
  if (typeof value === 'string' || typeof value === 'number') return escapeHtml(String(value));
  if (value instanceof Markup) return value.text;
  return value.map((markup) => markup.text).join('');
}

/** Template tag that builds markup: every interpolated text is escaped, so registry text can never inject markup. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Markup(text);
}
