/**
 * Mappings: declarative field mappings from an application (form data plus
 * results of earlier route steps) to one system's record. A mapping file is
 * `mappings/<system>/<procedure>.yaml`:
 *
 * ```yaml
 * system: tax
 * procedure: tax-certificate
 * operation: certificate-request
 * fields:
 *   - { to: /record/atenaNumber, from: /steps/lookup-resident/result/atenaNumber, required: true }
 *   - { to: /record/birthDate, from: /form/applicant/birthDate, transform: { name: date.isoToEra, args: { format: GYYMMDD } } }
 *   - { to: /record/requestKind, const: '01' }
 * repeat:
 *   - each: /form/children          # an array in the input
 *     to: /record/children          # becomes an array in the record
 *     fields:
 *       - { to: /name, from: /name }   # both relative to the element
 * ```
 *
 * Pointers are RFC 6901 JSON Pointers. `from` starts with `/form/`,
 * `/steps/<step>/result/` or is one of the application's own facts
 * (`/application/id`, `/application/receivedAt`, `/application/receivedOn`);
 * `to` starts with `/record/`. Nothing is evaluated:
 * there are no expressions, only pointers, constants and named transforms.
 */
import type { Transform, TransformArgs } from './transforms/transform.js';

/** One transform applied to a value, resolved at load. */
export interface CompiledTransform {
  name: string;
  args: TransformArgs;
  transform: Transform;
}

/** Where a field's value comes from. */
export type FieldSource =
  /** Read from the input (absolute pointer, or relative to the element inside `repeat`). */
  | { kind: 'from'; pointer: string; tokens: string[]; default?: unknown; required: boolean }
  | { kind: 'const'; value: unknown };

/** One field of a mapping, validated. */
export interface CompiledField {
  /** Pointer in the record (relative to `/record`, or to the element inside `repeat`). */
  to: string;
  toTokens: string[];
  source: FieldSource;
  transforms: CompiledTransform[];
  /** Location in the mapping file, for messages (`/fields/3`). */
  path: string;
}

/** A repeated group: each element of an input array becomes an element of a record array. */
export interface CompiledRepeat {
  each: string;
  eachTokens: string[];
  to: string;
  toTokens: string[];
  /** Fewest elements the input array must have (default 0). */
  min: number;
  fields: CompiledField[];
  path: string;
}

/** A validated mapping file. */
export interface CompiledMapping {
  file: string;
  system: string;
  procedure: string;
  operation: string;
  fields: CompiledField[];
  repeat: CompiledRepeat[];
}

/** The application's own facts, as `/application/...` pointers address them. */
export interface ApplicationFacts {
  /** The application id. */
  id: string;
  /** When the gateway received the application: an ISO instant. */
  receivedAt: string;
  /** The day it was received in Asia/Tokyo: an ISO date (届出年月日, the 年度 it falls in). */
  receivedOn: string;
}

/** Names under `/application/` that a mapping may read. */
export const APPLICATION_FACTS: ReadonlySet<string> = new Set<keyof ApplicationFacts>(['id', 'receivedAt', 'receivedOn']);

/** What the engine reads: the checked form, the results of earlier steps and the application's facts. */
export interface MappingInput {
  form: Readonly<Record<string, unknown>>;
  /** Step name → `{ result }`, as `/steps/<step>/result/...` pointers address it. */
  steps: Readonly<Record<string, { result: unknown }>>;
  /**
   * The gateway always passes it. Inputs without it (a record built outside
   * the gateway) map as long as no field reads `/application/...`; a
   * required one is then reported missing like any other input.
   */
  application?: Readonly<ApplicationFacts>;
}

/** The shape of each procedure by id (a Map will do). */
export interface ProcedureShapes {
  get(procedureId: string): ProcedureShape | undefined;
}

/** What the loader needs to know about each procedure. */
export interface ProcedureShape {
  /**
   * Every pointer inside the form that a submission can hold (without the
   * `/form` prefix). Elements of repeated groups are written `-`:
   * `/children/-/name`. See `formPointersOf`.
   */
  formPointers: ReadonlySet<string>;
  /** Names of the procedure's route steps; when given, `/steps/<step>` is checked against it. */
  steps?: ReadonlySet<string>;
}
