/**
 * Reads the resident fixture file (fixtures/residents/residents.json) the
 * simulator serves, and checks its shape so a broken fixture fails loudly.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigurationError } from '../../../src/errors.js';

/** The fixture file shipped with the repository. */
/** Relative to the working directory (the repository root under npm), so it holds from src/ and from dist/ alike. */
export const DEFAULT_RESIDENTS_FILE = 'fixtures/residents/residents.json';

const residentSchema = z.object({
  atenaNumber: z.string().regex(/^[0-9]{10}$/),
  setaiNumber: z.string().regex(/^[0-9]{10}$/),
  juminhyoCode: z.string().regex(/^[0-9]{11}$/),
  myNumber: z.string().regex(/^[0-9]{12}$/),
  name: z.string().min(1),
  nameKana: z.string(),
  gender: z.enum(['1', '2']),
  birthDate: z.object({
    iso: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/).nullable(),
    eraCode: z.number().int().positive(),
    wareki: z.string().min(1),
    unknown: z.boolean(),
    text: z.string().optional(),
  }),
  address: z.string().min(1),
  postalCode: z.string().regex(/^[0-9]{3}-[0-9]{4}$/),
  relationship: z.string().min(1),
  householdHead: z.string().regex(/^[0-9]{10}$/),
  status: z.enum(['住民', '転出', '死亡']),
  jpki: z
    .object({
      signingSerial: z.string().regex(/^[0-9A-F]{16}$/),
      authSerial: z.string().regex(/^[0-9A-F]{16}$/),
      certificate: z.enum(['valid', 'revoked', 'expired', 'untrusted']),
    })
    .nullable(),
});

const fileSchema = z.object({
  municipality: z.object({ code: z.string().regex(/^[0-9]{6}$/), name: z.string() }),
  residents: z.array(residentSchema),
});

/** One resident as the fixture holds it. */
export type FixtureResident = z.infer<typeof residentSchema>;
/** The whole fixture. */
export type ResidentsFile = z.infer<typeof fileSchema>;

/** Loads and checks a residents file. Throws ConfigurationError naming the file and the path inside it. */
export async function loadResidentsFile(file: string = DEFAULT_RESIDENTS_FILE): Promise<ResidentsFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError('cannot read the residents file as JSON', { file }, { cause: error });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(issue?.message ?? 'invalid', { file, path: `/${(issue?.path ?? []).join('/')}` });
  }
  return parsed.data;
}
