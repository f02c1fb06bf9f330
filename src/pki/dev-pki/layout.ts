import { join } from 'node:path';

/**
 * File names under the dev PKI directory. Private keys end in `-key.pem`,
 * which the repository's .gitignore keeps out of version control.
 */
export function devPkiLayout(directory: string) {
  const pair = (base: string) => ({ certificate: join(directory, `${base}.pem`), key: join(directory, `${base}-key.pem`) });
  return {
    manifest: join(directory, 'manifest.json'),
    jpkiRoot: pair('jpki-root-ca'),
    jpkiSigningCa: pair('jpki-signing-ca'),
    crl: join(directory, 'jpki-signing.crl'),
    untrustedRoot: pair('untrusted-root-ca'),
    cityRoot: pair('city-root'),
    lgpkiOrganizationCa: pair('lgpki-organization-ca'),
    citySigner: pair('city-signer'),
    residentsDirectory: join(directory, 'residents'),
    resident: (atenaNumber: string) => pair(join('residents', atenaNumber)),
    /** The resident's 利用者証明用 certificate; its key is the signing certificate's (see ensure-dev-pki.ts). */
    residentAuthentication: (atenaNumber: string) => join(directory, 'residents', `${atenaNumber}-auth.pem`),
  };
}
