import type { z } from 'zod';
import type { InputIssue } from '../errors.js';
import type { FormDefinition } from './form-definition.js';

/** Bilingual text: every resident-facing string has Japanese and English. */
export interface LocalizedText {
  ja: string;
  en: string;
}

/** How the fee is computed from the form. */
export type FeeDefinition =
  | { kind: 'free' }
  | { kind: 'fixed'; amount: number }
  /** `amount` yen for each copy; the count is read at the JSON Pointer `copies` inside the form. */
  | { kind: 'per-copy'; amount: number; copies: string };

/** A form condition under which no fee is due (e.g. a purpose that is exempt by ordinance). */
export interface FeeExemption {
  /** JSON Pointer inside the form. */
  pointer: string;
  equals: string | number | boolean;
  reason: LocalizedText;
}

/** Identity the applicant must prove. */
export type IdentityRequirement =
  | { kind: 'none' }
  | {
      kind: 'jpki';
      /** JSON Pointers inside the form where the applicant's four facts are; compared with the certificate. */
      applicant: { name: string; birthDate: string; address: string; gender?: string };
    };

export type IssuanceMethod = 'electronic' | 'convenience-store' | 'mail';

/** What a step does with a core system, or which built-in action it is. */
export type StepAction = 'request' | 'send' | 'await-reply' | 'issue-certificate' | 'convenience-store' | 'review';

/**
 * Whose queue a review step's application goes to: a fixed ward, or the ward
 * an address field of the form names (`大阪市北区…`), `otherwise` when it names none.
 * Wards are 6-digit 地方公共団体コード.
 */
export type WardSource = { fixed: string } | { from: string; otherwise: string };

/** Policy for characters a target system's encoding cannot hold. */
export type CharsetPolicy = 'reject' | 'degrade' | 'hold';

/** One step of a procedure's route. */
export interface RouteStep {
  /** Unique within the route, kebab-case; results of the step are kept under this name. */
  name: string;
  action: StepAction;
  /** The core system (adapter id) for request/send/await-reply steps. */
  system?: string;
  /** ISO-8601 duration: how long an await-reply step waits (e.g. `PT48H`); when a review is overdue (default P5D). */
  deadline?: string;
  charset?: CharsetPolicy;
  /** Review steps: the ward whose staff decide. */
  ward?: WardSource;
  /** Review steps: approvals needed, 2 for four eyes (two different people). Default 1. */
  approvals?: 1 | 2;
}

/** A procedure exactly as declared in `mappings/procedures/<id>.yaml`, after validation. */
export interface Procedure {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  identity: IdentityRequirement;
  fee: FeeDefinition;
  feeExemptions: FeeExemption[];
  issuanceMethods: IssuanceMethod[];
  route: RouteStep[];
  form: FormDefinition;
  /**
   * 保存期間: ISO-8601 duration (e.g. `P5Y`) counted from the application's
   * terminal status (see `retentionEndsAt`).
   */
  retention: string;
}

/** The result of checking a form against its procedure. */
export type FormValidation =
  | { ok: true; data: Record<string, unknown> }
  /** Pointers are absolute in the submission body (they start with `/form`). */
  | { ok: false; issues: InputIssue[] };

/** A procedure compiled once at boot. */
export interface CompiledProcedure {
  procedure: Procedure;
  /** The file it came from, for messages. */
  file: string;
  /** zod schema of the form, compiled from the definition. */
  formSchema: z.ZodType<Record<string, unknown>>;
  /** JSON Schema (2020-12) of the form, for frontends to render it. */
  jsonSchema: Record<string, unknown>;
  validateForm(form: unknown): FormValidation;
}

/** The loaded catalog. */
export interface Catalog {
  get(id: string): CompiledProcedure | undefined;
  list(): CompiledProcedure[];
}
