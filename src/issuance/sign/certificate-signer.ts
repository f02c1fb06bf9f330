import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../../errors.js';
import { parseCertificate } from '../../pki/certificate.js';
import { prepareCmsSigner } from '../../pki/cms-sign.js';
import { pemBlocksToDer, pemToDer } from '../../pki/pem.js';
import type { IssuanceConfig } from '../issuance-config.js';

/** Signs certificate documents for the city. */
export interface CertificateSigner {
  /**
   * A detached CMS SignedData (DER) over `content`: SHA-256 with RSA, signed
   * attributes contentType, signingTime and messageDigest, the signing
   * certificate and its chain embedded.
   */
  sign(content: Buffer, signingTime: Date): Buffer;
  /** PEM certificates a verifier needs besides the trust anchor: the signer's, then its issuers. */
  readonly chainPem: readonly string[];
}

/** The key, certificate and chain to sign with, PEM. */
export interface SignerMaterial {
  keyPem: string;
  certificatePem: string;
  /** Issuing CA certificates, the signer's issuer first. */
  chainPem: string[];
}

const MIN_RSA_BITS = 2048;

/**
 * A signer over checked material: an RSA key of at least 2048 bits that
 * belongs to the certificate, and a certificate for signing (not a CA,
 * digitalSignature or nonRepudiation). Throws ConfigurationError otherwise,
 * so a wrong file stops the start instead of producing unverifiable
 * certificates.
 */
export function createCertificateSigner(material: SignerMaterial, files: { key?: string; certificate?: string } = {}): CertificateSigner {
  let certificate;
  try {
    certificate = parseCertificate(pemToDer(material.certificatePem));
  } catch (error) {
    throw new ConfigurationError('not a PEM X.509 certificate', { file: files.certificate }, { cause: error });
  }
  let publicKeyDer: Buffer;
  try {
    publicKeyDer = createPublicKey(createPrivateKey(material.keyPem)).export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new ConfigurationError('not a PEM private key', { file: files.key }, { cause: error });
  }
  if ((certificate.rsaModulusBits ?? 0) < MIN_RSA_BITS) throw new ConfigurationError(`the signing key must be RSA of at least ${MIN_RSA_BITS} bits`, { file: files.certificate });
  if (!publicKeyDer.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new ConfigurationError('the private key does not belong to the signing certificate', { file: files.key });
  }
  if (certificate.isCa || (certificate.keyUsage !== null && !certificate.keyUsage.has('digitalSignature') && !certificate.keyUsage.has('nonRepudiation'))) {
    throw new ConfigurationError('the signing certificate is not for signatures (a CA, or no digitalSignature/nonRepudiation key usage)', { file: files.certificate });
  }
  const sign = prepareCmsSigner({ keyPem: material.keyPem, certificatePem: material.certificatePem, chainPem: material.chainPem });
  return {
    sign,
    chainPem: [material.certificatePem, ...material.chainPem],
  };
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file }, { cause: error });
  }
}

/** Reads the configured signer files and checks them (see `createCertificateSigner`). */
export async function loadCertificateSigner(config: IssuanceConfig['signer']): Promise<CertificateSigner> {
  const [keyPem, certificatePem, ...chainPem] = await Promise.all([readPem(config.keyFile), readPem(config.certificateFile), ...config.chainFiles.map(readPem)]);
  return createCertificateSigner({ keyPem: keyPem!, certificatePem: certificatePem!, chainPem }, { key: config.keyFile, certificate: config.certificateFile });
}

/** Reads the trust anchor file: one or more PEM certificates. */
export async function loadTrustAnchors(file: string): Promise<string[]> {
  const pem = await readPem(file);
  let blocks: Buffer[];
  try {
    blocks = pemBlocksToDer(pem);
    for (const block of blocks) parseCertificate(block);
  } catch (error) {
    throw new ConfigurationError('not PEM certificates', { file }, { cause: error });
  }
  if (blocks.length === 0) throw new ConfigurationError('holds no PEM certificate', { file });
  return [pem];
}
