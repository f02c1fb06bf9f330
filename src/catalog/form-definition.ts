/**
 * The form-definition language of procedure files: the fields a procedure's
 * form holds, as declared under `form:` in `mappings/procedures/<id>.yaml`.
 * This module is the types and the zod schema that checks the YAML; the
 * compilers turn a checked definition into a zod schema for submissions
 * (`compile-form-schema.ts`) and a JSON Schema for frontends
 * (`compile-json-schema.ts`).
 */
import { z } from 'zod';
import type { LocalizedText } from './procedure.js';

/** Which characters a `text` field accepts. `jis-x-0208`: characters CP932 (Microsoft Shift_JIS) can encode. */
export type TextCharset = 'any' | 'jis-x-0208' | 'digits' | 'ascii';

/** Media types an `attachment` may have. */
export type AttachmentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic';

/** Largest attachment a form may reference, in bytes (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Most groups nested inside each other in one form. */
export const MAX_GROUP_DEPTH = 5;

/** Most fields (groups included, at any depth) in one form. */
export const MAX_FIELDS_PER_FORM = 200;

/** Default and largest length of an `address` field, in characters. */
export const MAX_ADDRESS_LENGTH = 200;

/**
 * A date bound: an ISO date, `today`, or `today` plus or minus a count of
 * days, months or years (`today-14d`, `today+30d`, `today-19y`). `today` is
 * the calendar day in Japan (UTC+9) when the form is checked.
 */
export type DateBound = string;

/** Makes an optional field required while another field (a JSON Pointer inside the form) has a given value. */
export interface RequiredWhen {
  field: string;
  equals: string | number | boolean;
}

interface FieldCommon {
  /** camelCase key of the field in the submitted form. */
  name: string;
  label: LocalizedText;
  required: boolean;
  requiredWhen?: RequiredWhen;
  help?: LocalizedText;
}

export interface TextField extends FieldCommon {
  kind: 'text';
  /** In characters (Unicode code points; variation selectors do not count). */
  maxLength: number;
  charset: TextCharset;
  /** A regular expression (Unicode mode) the whole value must match. */
  pattern?: string;
}

/** Full-width katakana, ー, ・ and spaces; hiragana and half-width katakana are accepted and normalised. */
export interface KanaField extends FieldCommon {
  kind: 'kana';
  maxLength: number;
}

/** An ISO date (YYYY-MM-DD) that exists in the calendar. */
export interface DateField extends FieldCommon {
  kind: 'date';
  min?: DateBound;
  max?: DateBound;
}

/** `{ era, year, month, day }` with the era by name (令和) or code (5); the checked value also carries `iso`. */
export interface EraDateField extends FieldCommon {
  kind: 'era-date';
}

export interface IntegerField extends FieldCommon {
  kind: 'integer';
  min?: number;
  max?: number;
}

export interface CodeOption {
  value: string;
  label: LocalizedText;
}

export interface CodeField extends FieldCommon {
  kind: 'code';
  options: CodeOption[];
}

export interface BooleanField extends FieldCommon {
  kind: 'boolean';
}

/** NNN-NNNN; 7 digits and full-width digits are accepted and normalised. */
export interface PostalCodeField extends FieldCommon {
  kind: 'postal-code';
}

/** A Japanese telephone number: digits and hyphens, 10 or 11 digits, starting with 0. */
export interface PhoneField extends FieldCommon {
  kind: 'phone';
}

export interface EmailField extends FieldCommon {
  kind: 'email';
}

/** 個人番号: 12 digits with the check digit of 総務省令第85号. */
export interface MyNumberField extends FieldCommon {
  kind: 'my-number';
}

/** An address as one string. */
export interface AddressField extends FieldCommon {
  kind: 'address';
  /** In characters; at most (and by default) 200. */
  maxLength: number;
}

/** A reference to an uploaded file: `{ id, mediaType, size, sha256 }`. */
export interface AttachmentField extends FieldCommon {
  kind: 'attachment';
  mediaTypes: AttachmentMediaType[];
  /** In bytes; at most (and by default) 10 MiB. */
  maxSize: number;
}

/** Nested fields; with `repeat`, an array of such objects. */
export interface GroupField extends FieldCommon {
  kind: 'group';
  fields: FieldDefinition[];
  repeat?: { min: number; max: number };
}

export type FieldDefinition =
  | TextField
  | KanaField
  | DateField
  | EraDateField
  | IntegerField
  | CodeField
  | BooleanField
  | PostalCodeField
  | PhoneField
  | EmailField
  | MyNumberField
  | AddressField
  | AttachmentField
  | GroupField;

export type FieldKind = FieldDefinition['kind'];

/** The form of a procedure. */
export interface FormDefinition {
  fields: FieldDefinition[];
}

/** Names that would reach into an object's prototype machinery; never field names. */
export const FORBIDDEN_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const DATE_BOUND = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|today(?:[+-][0-9]{1,4}[dmy])?)$/;

/** Longest text (a label, a help text, a description) in a procedure file, in UTF-16 code units. */
const MAX_TEXT_LENGTH = 2000;

/*
 * The strings every field carries (its name, its labels) are checked by one
 * custom check each rather than a chain (`.trim().min().max()`): zod runs each
 * check of a chain as a step of its own, and on the 1,500 files of the catalog
 * bench the chains took a quarter of the schema's time (warm, 195 ms → 140 ms).
 */

/** Trimmed text of 1 to MAX_TEXT_LENGTH characters; the checked value is the trimmed text. */
function text(emptyMessage: string) {
  return z.string().check((payload) => {
    const trimmed = payload.value.trim();
    payload.value = trimmed;
    if (trimmed.length === 0) {
      payload.issues.push({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, input: trimmed, message: emptyMessage });
    } else if (trimmed.length > MAX_TEXT_LENGTH) {
      payload.issues.push({ code: 'too_big', origin: 'string', maximum: MAX_TEXT_LENGTH, inclusive: true, input: trimmed, message: `expected at most ${MAX_TEXT_LENGTH} characters` });
    }
  });
}

/** Bilingual text in a procedure file. */
export const LocalizedTextSchema = z
  .object({ ja: text('expected non-empty Japanese text'), en: text('expected non-empty English text') })
  .strict();

const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;
const MAX_FIELD_NAME_LENGTH = 64;

/** A field name: camelCase, at most 64 characters, not a name of the prototype machinery. */
const fieldName = z.string({ error: 'expected a camelCase name' }).check((payload) => {
  const name = payload.value;
  const message =
    name.length > MAX_FIELD_NAME_LENGTH
      ? `expected a name of at most ${MAX_FIELD_NAME_LENGTH} characters`
      : !FIELD_NAME.test(name)
        ? 'expected a camelCase name (letters and digits, starting with a lower-case letter)'
        : FORBIDDEN_FIELD_NAMES.has(name)
          ? 'this name is reserved'
          : undefined;
  if (message) payload.issues.push({ code: 'custom', input: name, message });
});

const positiveInteger = z.int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' });
const safeInteger = z.int({ error: 'expected an integer' }).min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

const common = {
  name: fieldName,
  label: LocalizedTextSchema,
  required: z.boolean({ error: 'expected true or false' }).default(false),
  requiredWhen: z
    .object({
      field: z.string().regex(/^(?:\/[A-Za-z0-9]+)+$/, { error: 'expected a JSON Pointer into the form, such as /request/scope' }),
      equals: z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' }),
    })
    .strict()
    .optional(),
  help: LocalizedTextSchema.optional(),
};

const dateBound = z.string().regex(DATE_BOUND, { error: 'expected an ISO date, today, or today±N followed by d, m or y' });

const TextFieldSchema = z
  .object({
    ...common,
    kind: z.literal('text'),
    maxLength: positiveInteger.max(10_000, { error: 'expected at most 10000' }),
    charset: z.enum(['any', 'jis-x-0208', 'digits', 'ascii'], { error: 'expected any, jis-x-0208, digits or ascii' }).default('any'),
    pattern: z
      .string()
      .min(1)
      .max(500)
      .refine(
        (pattern) => {
          try {
            new RegExp(pattern, 'u');
            return true;
          } catch {
            return false;
          }
        },
        { error: 'expected a valid regular expression' },
      )
      .optional(),
  })
  .strict();

const KanaFieldSchema = z
  .object({ ...common, kind: z.literal('kana'), maxLength: positiveInteger.max(10_000, { error: 'expected at most 10000' }) })
  .strict();

const DateFieldSchema = z
  .object({ ...common, kind: z.literal('date'), min: dateBound.optional(), max: dateBound.optional() })
  .strict();

const IntegerFieldSchema = z
  .object({ ...common, kind: z.literal('integer'), min: safeInteger.optional(), max: safeInteger.optional() })
  .strict()
  .refine((field) => field.min === undefined || field.max === undefined || field.min <= field.max, {
    error: 'min must not be greater than max',
    path: ['min'],
  });

const CodeFieldSchema = z
  .object({
    ...common,
    kind: z.literal('code'),
    options: z
      .array(
        z
          .object({
            value: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, { error: 'expected a code of 1–32 letters, digits, _ . or -' }),
            label: LocalizedTextSchema,
          })
          .strict(),
      )
      .min(1, { error: 'expected at least one option' })
      .max(500, { error: 'expected at most 500 options' }),
  })
  .strict()
  .superRefine((field, context) => {
    const seen = new Set<string>();
    field.options.forEach((option, index) => {
      if (seen.has(option.value)) context.addIssue({ code: 'custom', message: 'duplicate option value', path: ['options', index, 'value'] });
      seen.add(option.value);
    });
  });

const simple = <K extends string>(kind: K) => z.object({ ...common, kind: z.literal(kind) }).strict();

const AddressFieldSchema = z
  .object({
    ...common,
    kind: z.literal('address'),
    maxLength: positiveInteger.max(MAX_ADDRESS_LENGTH, { error: `expected at most ${MAX_ADDRESS_LENGTH}` }).default(MAX_ADDRESS_LENGTH),
  })
  .strict();

const AttachmentFieldSchema = z
  .object({
    ...common,
    kind: z.literal('attachment'),
    mediaTypes: z
      .array(z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/heic'], { error: 'expected application/pdf, image/jpeg, image/png or image/heic' }))
      .min(1)
      .default(['application/pdf', 'image/jpeg', 'image/png', 'image/heic']),
    maxSize: positiveInteger.max(MAX_ATTACHMENT_BYTES, { error: `expected at most ${MAX_ATTACHMENT_BYTES} bytes` }).default(MAX_ATTACHMENT_BYTES),
  })
  .strict();

/**
 * Compiled ahead of time (`z.compile`): one generated function per kind of
 * field rather than zod's walk over the schema's parts. A field that fails
 * goes through zod's own parser, so the problems reported are the same.
 * `strict`: a zod release that could no longer compile one stops every start
 * and test at once rather than silently slowing the catalog down.
 */
const compiled = <T extends z.ZodType>(schema: T): T => z.compile(schema, { strict: true });

const GroupFieldSchema = z
  .object({
    ...common,
    kind: z.literal('group'),
    get fields() {
      return z.array(FieldDefinitionSchema).min(1, { error: 'expected at least one field' });
    },
    repeat: z
      .object({ min: z.int({ error: 'expected an integer' }).min(0), max: positiveInteger.max(1000, { error: 'expected at most 1000' }) })
      .strict()
      .refine((repeat) => repeat.min <= repeat.max, { error: 'min must not be greater than max', path: ['min'] })
      .optional(),
  })
  .strict();

/** The zod schema of one field in a procedure file. */
export const FieldDefinitionSchema: z.ZodType<FieldDefinition, unknown> = z.discriminatedUnion('kind', [
  compiled(TextFieldSchema),
  compiled(KanaFieldSchema),
  compiled(DateFieldSchema),
  compiled(simple('era-date')),
  compiled(IntegerFieldSchema),
  compiled(CodeFieldSchema),
  compiled(simple('boolean')),
  compiled(simple('postal-code')),
  compiled(simple('phone')),
  compiled(simple('email')),
  compiled(simple('my-number')),
  compiled(AddressFieldSchema),
  compiled(AttachmentFieldSchema),
  GroupFieldSchema,
]) as z.ZodType<FieldDefinition, unknown>;

/** The zod schema of `form:` in a procedure file. Depth, count and name uniqueness are checked by `checkFormDefinition`. */
export const FormDefinitionSchema = z
  .object({ fields: z.array(FieldDefinitionSchema).min(1, { error: 'expected at least one field' }) })
  .strict();
