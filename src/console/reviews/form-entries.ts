import type { FieldDefinition } from '../../catalog/form-definition.js';
import { text, type Language } from '../texts.js';

/** One line of an application's form as staff read it: the catalog's label and the value as text, or a group of lines. */
export type FormEntry = { label: string; value: string } | { label: string; entries: FormEntry[] };

function valueText(field: FieldDefinition, value: unknown, language: Language): string {
  switch (field.kind) {
    case 'code':
      return field.options.find((option) => option.value === value)?.label[language] ?? String(value);
    case 'boolean':
      return text(value === true ? 'yes' : 'no', language);
    case 'era-date': {
      const date = value as { era?: unknown; year?: unknown; month?: unknown; day?: unknown; iso?: unknown };
      return `${String(date.era)}${String(date.year)}年${String(date.month)}月${String(date.day)}日${typeof date.iso === 'string' ? ` (${date.iso})` : ''}`;
    }
    case 'attachment': {
      const file = value as { mediaType?: unknown; size?: unknown; sha256?: unknown };
      return `${String(file.mediaType)}, ${String(file.size)} bytes, SHA-256 ${String(file.sha256)}`;
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function entriesOfGroup(fields: readonly FieldDefinition[], values: Record<string, unknown>, language: Language): FormEntry[] {
  const entries: FormEntry[] = [];
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null) continue;
    const label = field.label[language];
    if (field.kind !== 'group') {
      entries.push({ label, value: valueText(field, value, language) });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => entries.push({ label: `${label} ${index + 1}`, entries: entriesOfGroup(field.fields, item as Record<string, unknown>, language) }));
    } else {
      entries.push({ label, entries: entriesOfGroup(field.fields, value as Record<string, unknown>, language) });
    }
  }
  return entries;
}

/**
 * The submitted form in the order and with the labels of the procedure's
 * form definition (src/catalog). Values are returned as plain text: the page
 * escapes them like any other text.
 */
export function formEntries(fields: readonly FieldDefinition[], form: Record<string, unknown>, language: Language): FormEntry[] {
  return entriesOfGroup(fields, form, language);
}
