/**
 * Compiles a form definition to the zod schema that checks submissions.
 * Objects are strict (an unknown key, `__proto__` included, is an issue);
 * scalar values are checked by `field-values.ts`, whose issues carry the
 * stable code in `params.code`.
 */
import { z } from 'zod';
import type { EraTable } from '../jp/era.js';
import {
  checkAddress,
  checkBoolean,
  checkCode,
  checkDate,
  checkEmail,
  checkInteger,
  checkKana,
  checkMyNumber,
  checkPhone,
  checkPostalCode,
  checkText,
  fail,
  type ValueCheck,
} from './field-values.js';
import type { AttachmentField, FieldDefinition, FormDefinition, GroupField } from './form-definition.js';

/** What compiled schemas need at check time. */
export interface FormSchemaContext {
  /** The clock for `today` in date bounds. */
  now(): Date;
  eras: EraTable;
}

type AnySchema = z.ZodType<unknown, unknown>;

function report(context: z.RefinementCtx, check: Extract<ValueCheck, { ok: false }>): void {
  context.addIssue({ code: 'custom', message: check.message, params: { code: check.code } });
}

/** A scalar field: the check runs on whatever was submitted, so every type problem becomes an issue with our code. */
function scalar(required: boolean, check: (value: unknown) => ValueCheck): AnySchema {
  const schema = z.unknown().transform((value, context) => {
    if (value === undefined) {
      report(context, { ok: false, code: 'required', message: 'is required' });
      return z.NEVER;
    }
    const result = check(value);
    if (!result.ok) {
      report(context, result);
      return z.NEVER;
    }
    if ('empty' in result) {
      if (required) report(context, { ok: false, code: 'required', message: 'is required' });
      return undefined;
    }
    return result.value;
  });
  return required ? schema : schema.optional();
}

function compileEraDate(required: boolean, eras: EraTable): AnySchema {
  const integer = (min: number, max: number, what: string) =>
    scalar(true, (value) => {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('invalid-type', 'must be an integer');
      return value < min || value > max ? fail('out-of-range', `${what} must be between ${min} and ${max}`) : { ok: true, value };
    });
  const eraNames = eras.eras.map((era) => era.name).join(', ');
  const schema = z
    .object({
      era: scalar(true, (value) => {
        if (typeof value !== 'string' && typeof value !== 'number') return fail('invalid-type', 'must be an era name or code');
        try {
          return { ok: true, value: eras.era(value).name };
        } catch {
          return fail('not-in-list', `must be one of ${eraNames} or their codes`);
        }
      }),
      year: integer(1, 99, 'the year'),
      month: integer(1, 12, 'the month'),
      day: integer(1, 31, 'the day'),
    })
    .strict()
    .transform((date, context) => {
      const { era, year, month, day } = date as { era: string; year: number; month: number; day: number };
      try {
        return { era, year, month, day, iso: eras.fromEra(era, year, month, day) };
      } catch {
        report(context, { ok: false, code: 'invalid-date', message: 'is not a date of that era' });
        return z.NEVER;
      }
    });
  return required ? schema : schema.optional();
}

function compileAttachment(field: AttachmentField): AnySchema {
  const mediaTypes = new Set<string>(field.mediaTypes);
  const schema = z
    .object({
      id: scalar(true, (value) =>
        typeof value !== 'string'
          ? fail('invalid-type', 'must be a string')
          : /^[A-Za-z0-9_-]{1,128}$/.test(value)
            ? { ok: true, value }
            : fail('invalid-format', 'must be an upload id of 1–128 letters, digits, _ or -'),
      ),
      mediaType: scalar(true, (value) =>
        typeof value !== 'string'
          ? fail('invalid-type', 'must be a string')
          : mediaTypes.has(value)
            ? { ok: true, value }
            : fail('not-in-list', `must be one of ${field.mediaTypes.join(', ')}`),
      ),
      size: scalar(true, (value) =>
        typeof value !== 'number' || !Number.isSafeInteger(value)
          ? fail('invalid-type', 'must be an integer')
          : value < 1 || value > field.maxSize
            ? fail('out-of-range', `must be between 1 and ${field.maxSize} bytes`)
            : { ok: true, value },
      ),
      sha256: scalar(true, (value) =>
        typeof value !== 'string'
          ? fail('invalid-type', 'must be a string')
          : /^[0-9A-Fa-f]{64}$/.test(value)
            ? { ok: true, value: value.toLowerCase() }
            : fail('invalid-format', 'must be 64 hexadecimal digits'),
      ),
    })
    .strict();
  return field.required ? schema : schema.optional();
}

function compileObject(fields: FieldDefinition[], context: FormSchemaContext): z.ZodObject {
  const shape: Record<string, AnySchema> = {};
  for (const field of fields) shape[field.name] = compileField(field, context);
  return z.object(shape).strict();
}

function compileGroup(field: GroupField, context: FormSchemaContext): AnySchema {
  const item = compileObject(field.fields, context);
  if (!field.repeat) return field.required ? item : item.optional();
  const { min, max } = field.repeat;
  // Count first and stop there, so a 10,000-item array costs one issue, not 10,000 checked items.
  const schema = z
    .array(z.unknown())
    .superRefine((items, refinement) => {
      if (items.length < min || items.length > max) {
        report(refinement, { ok: false, code: 'out-of-range', message: `must have between ${min} and ${max} items` });
      }
    })
    .pipe(z.array(item));
  return field.required ? schema : schema.optional();
}

function compileField(field: FieldDefinition, context: FormSchemaContext): AnySchema {
  const required = field.required;
  switch (field.kind) {
    case 'text': {
      const pattern = field.pattern === undefined ? undefined : new RegExp(`^(?:${field.pattern})$`, 'u');
      return scalar(required, (value) => checkText(field, pattern, value));
    }
    case 'kana':
      return scalar(required, (value) => checkKana(field, value));
    case 'date':
      return scalar(required, (value) => checkDate(field, context.now(), value));
    case 'era-date':
      return compileEraDate(required, context.eras);
    case 'integer':
      return scalar(required, (value) => checkInteger(field, value));
    case 'code': {
      const allowed = new Set(field.options.map((option) => option.value));
      return scalar(required, (value) => checkCode(field, allowed, value));
    }
    case 'boolean':
      return scalar(required, checkBoolean);
    case 'postal-code':
      return scalar(required, checkPostalCode);
    case 'phone':
      return scalar(required, checkPhone);
    case 'email':
      return scalar(required, checkEmail);
    case 'my-number':
      return scalar(required, checkMyNumber);
    case 'address':
      return scalar(required, (value) => checkAddress(field, value));
    case 'attachment':
      return compileAttachment(field);
    case 'group':
      return compileGroup(field, context);
  }
}

/** The zod schema of a form: a strict object whose output is the normalised form data. */
export function compileFormSchema(form: FormDefinition, context: FormSchemaContext): z.ZodType<Record<string, unknown>> {
  return compileObject(form.fields, context) as unknown as z.ZodType<Record<string, unknown>>;
}
