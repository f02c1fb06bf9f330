import { z } from 'zod';

/** The city's OpenID Connect provider, as the gateway's staff sign-in client sees it. */
export const StaffOidcSchema = z
  .object({
    /** The issuer URL; its `/.well-known/openid-configuration` is read on the first sign-in. */
    issuer: z.string().url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(16, 'a client secret needs at least 16 characters'),
    /** Where the provider sends staff back: `<public URL>/console/callback`, registered at the provider. */
    redirectUri: z.string().url(),
  })
  .strict();
export type StaffOidcConfig = z.infer<typeof StaffOidcSchema>;

export const DEFAULT_STAFF_SESSION = { idleMinutes: 30, absoluteHours: 10 } as const;

/**
 * Staff sign-in to the console. Without `oidc` the dev profile signs staff in
 * at its bundled identity provider; elsewhere the console says sign-in is not
 * configured.
 */
export const StaffConfigSchema = z
  .object({
    oidc: StaffOidcSchema.optional(),
    session: z
      .object({
        /** A session unused this long ends. */
        idleMinutes: z.number().int().min(1).max(24 * 60).default(DEFAULT_STAFF_SESSION.idleMinutes),
        /** A session ends this long after sign-in, however busy. */
        absoluteHours: z.number().int().min(1).max(24).default(DEFAULT_STAFF_SESSION.absoluteHours),
      })
      .strict()
      .default(DEFAULT_STAFF_SESSION),
  })
  .strict();
export type StaffConfig = z.infer<typeof StaffConfigSchema>;

/** Production problems of the staff settings: the provider and the console are reached over https only. */
export function staffProductionIssues(staff: StaffConfig): { path: string[]; message: string }[] {
  if (!staff.oidc) return [];
  const issues: { path: string[]; message: string }[] = [];
  if (!staff.oidc.issuer.startsWith('https://')) issues.push({ path: ['staff', 'oidc', 'issuer'], message: 'must be an https URL in production' });
  if (!staff.oidc.redirectUri.startsWith('https://')) issues.push({ path: ['staff', 'oidc', 'redirectUri'], message: 'must be an https URL in production' });
  return issues;
}
