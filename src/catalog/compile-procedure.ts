import type { z } from 'zod';
import type { EraTable } from '../jp/era.js';
import { compileFormSchema } from './compile-form-schema.js';
import { compileJsonSchema } from './compile-json-schema.js';
import { checkConditionalRules, collectConditionalRules, type ConditionalRule } from './conditional-rules.js';
import { MAX_FORM_ISSUES, toFormIssues } from './form-issues.js';
import type { CompiledProcedure, FormValidation, Procedure } from './procedure.js';

/** What compiling needs besides the procedure. */
export interface CompileOptions {
  /** The clock for relative date bounds (`today`). */
  now(): Date;
  eras: EraTable;
}

/**
 * Compiles a checked procedure. The zod schema, the JSON Schema and the
 * conditional rules are built on first use and kept: a catalog of 1,500 procedures starts without
 * building 3,000 schemas that most requests never touch.
 */
export function compileProcedure(procedure: Procedure, file: string, options: CompileOptions): CompiledProcedure {
  let formSchema: z.ZodType<Record<string, unknown>> | undefined;
  let jsonSchema: Record<string, unknown> | undefined;
  let rules: ConditionalRule[] | undefined;
  const compiled: CompiledProcedure = {
    procedure,
    file,
    get formSchema() {
      formSchema ??= compileFormSchema(procedure.form, options);
      return formSchema;
    },
    get jsonSchema() {
      jsonSchema ??= compileJsonSchema(procedure, procedure.form, options.eras);
      return jsonSchema;
    },
    validateForm(form: unknown): FormValidation {
      let result: ReturnType<z.ZodType<Record<string, unknown>>['safeParse']>;
      try {
        result = compiled.formSchema.safeParse(form);
      } catch {
        // Only exotic inputs (throwing getters, proxies) get here; JSON never does.
        return { ok: false, issues: [{ pointer: '/form', code: 'invalid-type', message: 'must be a JSON object' }] };
      }
      const issues = result.success ? [] : toFormIssues(result.error.issues, form);
      const reported = new Set(issues.map((issue) => issue.pointer));
      rules ??= collectConditionalRules(procedure.form);
      for (const issue of checkConditionalRules(rules, form)) {
        if (!reported.has(issue.pointer) && issues.length < MAX_FORM_ISSUES) issues.push(issue);
      }
      if (result.success && issues.length === 0) return { ok: true, data: result.data };
      return { ok: false, issues };
    },
  };
  return compiled;
}
