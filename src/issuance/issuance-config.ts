import { z } from 'zod';
import { isValidLocalGovernmentCode } from '../jp/check-digits.js';
import { devPkiLayout } from '../pki/dev-pki/layout.js';

/**
 * Configuration of electronic issuance: who signs (the city, its mayor, the
 * signing key and certificate chain), what third parties trust (the city
 * root), where the verification page is, and how long a certificate may be
 * relied on. Part of the gateway's one configuration schema (`issuance:`).
 */
export const IssuanceConfigSchema = z
  .object({
    city: z
      .object({
        name: z
          .string()
          .min(1)
          .max(20)
          .regex(/^[^-\s]+$/, 'no hyphen or space: the name is a segment of the 発行番号'),
        /** The city's name in English, for the verification page (e.g. `Osaka City`); the page uses `name` when there is none. */
        nameEn: z.string().min(1).max(60).optional(),
        localGovernmentCode: z.string().refine(isValidLocalGovernmentCode, '6 digits with a valid check digit (e.g. 271004)'),
        mayor: z.string().min(1).max(40),
        /** 端末 segment of the 発行番号. */
        terminal: z
          .string()
          .regex(/^[A-Z0-9]{1,16}$/, 'upper-case letters and digits, at most 16')
          .default('ONLINE01'),
      })
      .strict(),
    signer: z
      .object({
        /** PKCS#8 (or PKCS#1) PEM RSA private key of the city's signing certificate. */
        keyFile: z.string().min(1),
        /** PEM signing certificate (職責証明書). */
        certificateFile: z.string().min(1),
        /** PEM issuing CA certificates, the signer's issuer first; embedded in every signature. */
        chainFiles: z.array(z.string().min(1)).max(5).default([]),
      })
      .strict(),
    /** PEM root certificate third parties verify against (the city root / LGPKI root). */
    trustAnchorFile: z.string().min(1),
    /** Public base URL of the gateway; certificates link to `${verificationBaseUrl}/verify?id=…`. */
    verificationBaseUrl: z.string().url().refine((url) => /^https?:\/\//.test(url), 'an http(s) URL'),
    /** How long after issue a certificate may be relied on, in calendar months. */
    validityMonths: z.number().int().min(1).max(12).default(3),
    /** Set by the dev profile, whose signer is the dev PKI: every certificate is marked 見本 / TEST DOCUMENT. */
    testDocuments: z.boolean().default(false),
  })
  .strict();

export type IssuanceConfig = z.infer<typeof IssuanceConfigSchema>;

/** Issuance settings for the dev profile: the dev PKI under `certsDirectory` and a test city. */
export function devIssuanceConfig(certsDirectory: string, verificationBaseUrl: string): IssuanceConfig {
  const layout = devPkiLayout(certsDirectory);
  return IssuanceConfigSchema.parse({
    city: { name: '大阪市', nameEn: 'Osaka City', localGovernmentCode: '271004', mayor: 'テスト　市長', terminal: 'ONLINE01' },
    signer: { keyFile: layout.citySigner.key, certificateFile: layout.citySigner.certificate, chainFiles: [layout.lgpkiOrganizationCa.certificate] },
    trustAnchorFile: layout.cityRoot.certificate,
    verificationBaseUrl,
    validityMonths: 3,
    testDocuments: true,
  });
}
