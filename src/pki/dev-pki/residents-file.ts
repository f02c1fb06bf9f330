import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigurationError } from '../../errors.js';

/** The certificate situation a test resident's card is in. */
export type DevCertificateState = 'valid' | 'revoked' | 'expired' | 'untrusted';

const ResidentSchema = z.object({
  atenaNumber: z.string().regex(/^[0-9]{1,20}$/),
  name: z.string().min(1).max(200),
  gender: z.enum(['1', '2']),
  birthDate: z.object({ iso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable() }),
  address: z.string().min(1).max(500),
  jpki: z
    .object({
      signingSerial: z.string().regex(/^[0-9A-Fa-f]{1,40}$/),
      /** The card's 利用者証明用電子証明書 serial; a card without one gets a signing certificate only. */
      authSerial: z.string().regex(/^[0-9A-Fa-f]{1,40}$/).optional(),
      certificate: z.enum(['valid', 'revoked', 'expired', 'untrusted']),
    })
    .nullable(),
});

const ResidentsFileSchema = z.object({ residents: z.array(ResidentSchema).max(100_000) });

/** A resident as the dev PKI needs it (the file holds more). */
export type DevResidentRecord = z.infer<typeof ResidentSchema>;

/** Reads and validates the residents fixture; a broken file is a ConfigurationError naming the path inside it. */
export async function readResidentsFile(file: string): Promise<{ residents: DevResidentRecord[]; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError('cannot read the residents file', { file }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError('not valid JSON', { file }, { cause: error });
  }
  const result = ResidentsFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigurationError(issue?.message ?? 'invalid', { file, path: `/${(issue?.path ?? []).join('/')}` });
  }
  return { residents: result.data.residents, text };
}
