/**
 * Compiles a form definition to a JSON Schema 2020-12 document that
 * frontends render forms from. It carries the Japanese label as `title`,
 * the English one as `x-label-en`, help text as `description` /
 * `x-help-en`, and the constraints the zod schema enforces where JSON Schema
 * can say them. Rules JSON Schema cannot express (check digits, era ranges,
 * relative date bounds, CP932) are named in `x-` keywords.
 */
import type { EraTable } from '../jp/era.js';
import type { FieldDefinition, FormDefinition, TextField } from './form-definition.js';
import type { Procedure } from './procedure.js';

type JsonSchema = Record<string, unknown>;

/** The dialect URI of JSON Schema 2020-12. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const KANA_PATTERN = '^[ァ-ヺ・ーヽヾぁ-ゖゝゞｦ-ﾟ 　]*$';
const POSTAL_CODE_PATTERN = '^[0-9０-９]{3}[-－]?[0-9０-９]{4}$';
const PHONE_PATTERN = '^0[0-9-]{9,12}$';
const ISO_DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

function annotations(field: FieldDefinition): JsonSchema {
  return {
    title: field.label.ja,
    'x-label-en': field.label.en,
    ...(field.help ? { description: field.help.ja, 'x-help-en': field.help.en } : {}),
    ...(field.requiredWhen ? { 'x-required-when': field.requiredWhen } : {}),
  };
}

function objectSchema(fields: FieldDefinition[], eras: EraTable): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) properties[field.name] = fieldSchema(field, eras);
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

function textPattern(field: TextField): JsonSchema {
  if (field.pattern !== undefined) return { pattern: `^(?:${field.pattern})$` };
  if (field.charset === 'digits') return { pattern: '^[0-9]*$' };
  if (field.charset === 'ascii') return { pattern: '^[ -~]*$' };
  return {};
}

function constraints(field: FieldDefinition, eras: EraTable): JsonSchema {
  const nonEmpty = field.required ? { minLength: 1 } : {};
  switch (field.kind) {
    case 'text':
      return {
        type: 'string',
        ...nonEmpty,
        maxLength: field.maxLength,
        ...textPattern(field),
        'x-charset': field.charset,
      };
    case 'kana':
      return { type: 'string', ...nonEmpty, maxLength: field.maxLength, pattern: KANA_PATTERN };
    case 'date':
      return {
        type: 'string',
        format: 'date',
        pattern: ISO_DATE_PATTERN,
        ...(field.min ? { 'x-minimum-date': field.min } : {}),
        ...(field.max ? { 'x-maximum-date': field.max } : {}),
      };
    case 'era-date':
      return {
        type: 'object',
        properties: {
          era: {
            title: '元号',
            'x-label-en': 'Era',
            oneOf: eras.eras.flatMap((era) => [
              { const: era.name, title: era.name },
              { const: era.code, title: era.name },
            ]),
          },
          year: { title: '年', 'x-label-en': 'Year of the era (1 = 元年)', type: 'integer', minimum: 1, maximum: 99 },
          month: { title: '月', 'x-label-en': 'Month', type: 'integer', minimum: 1, maximum: 12 },
          day: { title: '日', 'x-label-en': 'Day', type: 'integer', minimum: 1, maximum: 31 },
        },
        required: ['era', 'year', 'month', 'day'],
        additionalProperties: false,
        'x-era-date': true,
      };
    case 'integer':
      return {
        type: 'integer',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case 'code':
      return {
        type: 'string',
        oneOf: field.options.map((option) => ({ const: option.value, title: option.label.ja, 'x-label-en': option.label.en })),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'postal-code':
      return { type: 'string', pattern: POSTAL_CODE_PATTERN, examples: ['530-0005'] };
    case 'phone':
      return { type: 'string', pattern: PHONE_PATTERN, examples: ['06-6208-8181'] };
    case 'email':
      return { type: 'string', format: 'email', maxLength: 254 };
    case 'my-number':
      return { type: 'string', pattern: '^[0-9]{12}$', 'x-check-digit': 'my-number' };
    case 'address':
      return { type: 'string', ...nonEmpty, maxLength: field.maxLength };
    case 'attachment':
      return {
        type: 'object',
        properties: {
          id: { title: 'ファイルID', 'x-label-en': 'Upload id', type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
          mediaType: { title: 'ファイル形式', 'x-label-en': 'Media type', type: 'string', enum: field.mediaTypes },
          size: { title: 'サイズ(バイト)', 'x-label-en': 'Size in bytes', type: 'integer', minimum: 1, maximum: field.maxSize },
          sha256: { title: 'SHA-256', 'x-label-en': 'SHA-256 digest (hex)', type: 'string', pattern: '^[0-9A-Fa-f]{64}$' },
        },
        required: ['id', 'mediaType', 'size', 'sha256'],
        additionalProperties: false,
      };
    case 'group': {
      const item = objectSchema(field.fields, eras);
      if (!field.repeat) return item;
      return { type: 'array', items: item, minItems: field.repeat.min, maxItems: field.repeat.max };
    }
  }
}

function fieldSchema(field: FieldDefinition, eras: EraTable): JsonSchema {
  return { ...annotations(field), ...constraints(field, eras) };
}

/** The JSON Schema (2020-12) of a procedure's form. */
export function compileJsonSchema(procedure: Pick<Procedure, 'id' | 'title' | 'description'>, form: FormDefinition, eras: EraTable): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `urn:kakehashi:procedure:${procedure.id}:form`,
    title: procedure.title.ja,
    'x-label-en': procedure.title.en,
    ...(procedure.description ? { description: procedure.description.ja, 'x-help-en': procedure.description.en } : {}),
    ...objectSchema(form.fields, eras),
  };
}
