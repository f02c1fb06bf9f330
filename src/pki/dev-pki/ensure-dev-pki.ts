import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { EraTable } from '../../jp/era.js';
import type { Logger } from '../../logger.js';
import { parseCrl } from '../crl.js';
import { REASON_AFFILIATION_CHANGED } from '../crl-reasons.js';
import type * as der from '../der-builder.js';
import {
  basicConstraintsExtension,
  certificatePoliciesExtension,
  crlDistributionPointExtension,
  keyUsageExtension,
} from '../extensions.js';
import { fourFactsExtension } from '../four-facts.js';
import { OID } from '../oids.js';
import { derToPem } from '../pem.js';
import { issueCertificate, type Issuer } from './issue-certificate.js';
import { issueCrl } from './issue-crl.js';
import { devPkiLayout } from './layout.js';
import { DEV_NAMES } from './names.js';
import { readResidentsFile, type DevCertificateState, type DevResidentRecord } from './residents-file.js';
import { substituteText } from './substitute-characters.js';

/** The default CRL distribution point: the gateway's dev route. */
export const DEFAULT_DEV_CRL_URL = 'http://127.0.0.1:8080/dev/crl/jpki-signing.crl';

export interface DevPkiOptions {
  /** Where the files are (e.g. `certs/dev`). */
  directory: string;
  /** The residents fixture (`fixtures/residents/residents.json`). */
  residentsFile: string;
  now?: Date;
  logger?: Logger;
  /** The URL put into residents' certificates as CRL distribution point. */
  crlUrl?: string;
  eras?: EraTable;
}

/** A certificate and its private key, both PEM. */
export interface DevKeyPair {
  certificatePem: string;
  keyPem: string;
}

/** A test resident's signing certificate and key. */
export interface DevResident extends DevKeyPair {
  atenaNumber: string;
  /** Certificate serial, upper-case hex (as the verifier reports it). */
  serial: string;
  state: DevCertificateState;
  /**
   * The card's 利用者証明用電子証明書 (no facts, keyUsage digitalSignature), in
   * the same state as the signing one, when the fixture gives its serial. Dev
   * shortcut: it certifies the signing key (`keyPem`), where a real card holds
   * a second key, and the dev signing CA issues it, where J-LIS has a separate
   * 利用者証明用 CA.
   */
  authentication?: { serial: string; certificatePem: string };
}

/** The dev PKI, loaded. */
export interface DevPki {
  directory: string;
  /** Trust anchors for resident signatures (the JPKI test root only). */
  trustAnchors: string[];
  /** The JPKI test signing CA, to complete chains a CMS does not carry. */
  intermediates: string[];
  crlPath: string;
  crlUrl: string;
  jpkiRoot: DevKeyPair;
  signingCa: DevKeyPair;
  untrustedRoot: DevKeyPair;
  /** The city's LGPKI-like organisation chain for signing issued certificates. */
  city: { root: DevKeyPair; organizationCa: DevKeyPair; signer: DevKeyPair };
  residents: ReadonlyMap<string, DevResident>;
}

interface Manifest {
  version: 1;
  /** Hash of what the residents' certificates were made from (fixture text, CRL URL, CA certificates). */
  residentsDigest: string;
  crlNumber: number;
  residents: Array<{ atenaNumber: string; serial: string; state: DevCertificateState }>;
}

const DAY_MS = 24 * 3600 * 1000;
const CRL_VALIDITY_MS = DAY_MS;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };
const generateRsaKeyPair = promisify(generateKeyPair);
/** RSA-2048 keys from node:crypto's thread pool, so several are made in parallel. */
const newKeyPair = (): Promise<KeyPair> => generateRsaKeyPair('rsa', { modulusLength: 2048 });

/** The same instant `years` calendar years later (or earlier). */
function addYears(date: Date, years: number): Date {
  const result = new Date(date);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

/** The serial as the verifier reports it: upper-case, whole octets, no leading zero octets. */
function serialHexOf(hex: string): string {
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return even.replace(/^(00)+(?=..)/, '').toUpperCase();
}

const randomSerial = (): string => `1${randomBytes(15).toString('hex')}`;

function issuerOf(pair: DevKeyPair, name: der.NameAttribute[]): Issuer {
  return { name, privateKey: createPrivateKey(pair.keyPem), publicKey: createPublicKey(pair.certificatePem) };
}

/**
 * Creates the dev PKI on first use and loads it afterwards. Certificate
 * authorities are kept once made; residents' certificates are re-issued when
 * the residents fixture, the CRL URL or a CA changes; the CRL is re-issued
 * when it comes within an hour of its nextUpdate. Every key operation runs
 * in node:crypto.
 */
export async function ensureDevPki(options: DevPkiOptions): Promise<DevPki> {
  const now = options.now ?? new Date();
  const crlUrl = options.crlUrl ?? DEFAULT_DEV_CRL_URL;
  const eras = options.eras ?? new EraTable();
  const layout = devPkiLayout(options.directory);
  const logger = options.logger;
  await mkdir(layout.residentsDirectory, { recursive: true });

  /** Whole or not at all: several gateway processes may start on one dev PKI and read a file while another rewrites it. */
  async function write(path: string, text: string | Buffer, secret = false): Promise<void> {
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, text, secret ? { mode: 0o600 } : {});
    await rename(temporary, path);
  }

  let changed = false;
  /** Loads a CA pair, or (re)creates it when missing or when what it depends on changed. */
  async function authority(
    paths: { certificate: string; key: string },
    make: (keys: KeyPair) => Buffer,
    dependsOnChange: boolean,
  ): Promise<DevKeyPair> {
    if (!(dependsOnChange && changed) && (await exists(paths.certificate)) && (await exists(paths.key))) {
      return { certificatePem: await readFile(paths.certificate, 'utf8'), keyPem: await readFile(paths.key, 'utf8') };
    }
    const keys = await newKeyPair();
    const pair = { certificatePem: derToPem(make(keys)), keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    await write(paths.certificate, pair.certificatePem);
    await write(paths.key, pair.keyPem, true);
    changed = true;
    logger?.info({ file: paths.certificate }, 'dev PKI: certificate authority created');
    return pair;
  }

  const caExtensions = (pathLength?: number) => [basicConstraintsExtension(true, pathLength), keyUsageExtension(['keyCertSign', 'cRLSign'])];
  const selfSigned = (name: der.NameAttribute[], years: number) => (keys: KeyPair) =>
    issueCertificate(
      { serialHex: randomSerial(), subject: name, subjectPublicKey: keys.publicKey, notBefore: new Date(now.getTime() - DAY_MS), notAfter: addYears(now, years), extensions: caExtensions() },
      { name, privateKey: keys.privateKey, publicKey: keys.publicKey },
    );
  const subordinate = (name: der.NameAttribute[], issuer: () => Issuer, years: number, extensions: der.Asn1[]) => (keys: KeyPair) =>
    issueCertificate(
      { serialHex: randomSerial(), subject: name, subjectPublicKey: keys.publicKey, notBefore: new Date(now.getTime() - DAY_MS), notAfter: addYears(now, years), extensions },
      issuer(),
    );

  changed = false;
  const jpkiRoot = await authority(layout.jpkiRoot, selfSigned(DEV_NAMES.jpkiRoot, 20), false);
  const signingCa = await authority(layout.jpkiSigningCa, subordinate(DEV_NAMES.jpkiSigningCa, () => issuerOf(jpkiRoot, DEV_NAMES.jpkiRoot), 10, caExtensions(0)), true);
  const jpkiChanged = changed;
  changed = false;
  const untrustedRoot = await authority(layout.untrustedRoot, selfSigned(DEV_NAMES.untrustedRoot, 20), false);
  const untrustedChanged = changed;
  changed = false;
  const cityRoot = await authority(layout.cityRoot, selfSigned(DEV_NAMES.cityRoot, 20), false);
  const organizationCa = await authority(
    layout.lgpkiOrganizationCa,
    subordinate(DEV_NAMES.lgpkiOrganizationCa, () => issuerOf(cityRoot, DEV_NAMES.cityRoot), 10, caExtensions(0)),
    true,
  );
  const citySigner = await authority(
    layout.citySigner,
    subordinate(DEV_NAMES.citySigner, () => issuerOf(organizationCa, DEV_NAMES.lgpkiOrganizationCa), 3, [
      basicConstraintsExtension(false),
      keyUsageExtension(['digitalSignature', 'nonRepudiation']),
      certificatePoliciesExtension([OID.lgpkiTestOrganizationPolicy]),
    ]),
    true,
  );

  const { residents: records, text } = await readResidentsFile(options.residentsFile);
  const residentsDigest = createHash('sha256')
    .update(JSON.stringify({ text, crlUrl, signingCa: signingCa.certificatePem, untrusted: untrustedRoot.certificatePem }))
    .digest('hex');
  const manifest = (await exists(layout.manifest)) ? (JSON.parse(await readFile(layout.manifest, 'utf8')) as Manifest) : null;
  const withCards = records.filter((record): record is DevResidentRecord & { jpki: NonNullable<DevResidentRecord['jpki']> } => {
    if (record.jpki === null) return false;
    if (record.birthDate.iso === null) {
      logger?.warn({ atenaNumber: record.atenaNumber }, 'dev PKI: resident without a known birth date gets no certificate');
      return false;
    }
    return true;
  });

  const residents = new Map<string, DevResident>();
  const upToDate =
    !jpkiChanged &&
    !untrustedChanged &&
    manifest?.version === 1 &&
    manifest.residentsDigest === residentsDigest &&
    (
      await Promise.all(
        withCards.map(
          async (record) =>
            (await exists(layout.resident(record.atenaNumber).certificate)) &&
            (await exists(layout.resident(record.atenaNumber).key)) &&
            (record.jpki.authSerial === undefined || (await exists(layout.residentAuthentication(record.atenaNumber)))),
        ),
      )
    ).every(Boolean);
  const signingIssuer = issuerOf(signingCa, DEV_NAMES.jpkiSigningCa);
  const untrustedIssuer = issuerOf(untrustedRoot, DEV_NAMES.untrustedRoot);

  const residentKeys = upToDate ? [] : await Promise.all(withCards.map(() => newKeyPair()));
  for (const [index, record] of withCards.entries()) {
    const paths = layout.resident(record.atenaNumber);
    const state = record.jpki.certificate;
    const serial = serialHexOf(record.jpki.signingSerial);
    const authSerial = record.jpki.authSerial === undefined ? undefined : serialHexOf(record.jpki.authSerial);
    const authPath = layout.residentAuthentication(record.atenaNumber);
    if (upToDate) {
      residents.set(record.atenaNumber, {
        atenaNumber: record.atenaNumber,
        serial,
        state,
        certificatePem: await readFile(paths.certificate, 'utf8'),
        keyPem: await readFile(paths.key, 'utf8'),
        ...(authSerial === undefined ? {} : { authentication: { serial: authSerial, certificatePem: await readFile(authPath, 'utf8') } }),
      });
      continue;
    }
    const keys = residentKeys[index] as KeyPair;
    // J-LIS profile: five years; an expired card's certificate ended a month ago.
    const notBefore = state === 'expired' ? addYears(new Date(now.getTime() - 30 * DAY_MS), -5) : new Date(now.getTime() - DAY_MS);
    const notAfter = addYears(notBefore, 5);
    const nameSubstitute = substituteText(record.name);
    const addressSubstitute = substituteText(record.address);
    const certificate = issueCertificate(
      {
        serialHex: serial,
        subject: DEV_NAMES.resident(serial),
        subjectPublicKey: keys.publicKey,
        notBefore,
        notAfter,
        extensions: [
          keyUsageExtension(['digitalSignature', 'nonRepudiation']),
          certificatePoliciesExtension([OID.jpkiSigningPolicy]),
          crlDistributionPointExtension(crlUrl),
          fourFactsExtension({
            name: record.name,
            ...(nameSubstitute === undefined ? {} : { nameSubstitute }),
            gender: record.gender,
            birthDateJpki: eras.toJpkiDate(record.birthDate.iso as string),
            address: record.address,
            ...(addressSubstitute === undefined ? {} : { addressSubstitute }),
          }),
        ],
      },
      state === 'untrusted' ? untrustedIssuer : signingIssuer,
    );
    const resident: DevResident = {
      atenaNumber: record.atenaNumber,
      serial,
      state,
      certificatePem: derToPem(certificate),
      keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    };
    if (authSerial !== undefined) {
      const authentication = issueCertificate(
        {
          serialHex: authSerial,
          subject: DEV_NAMES.resident(authSerial),
          subjectPublicKey: keys.publicKey,
          notBefore,
          notAfter,
          extensions: [keyUsageExtension(['digitalSignature']), certificatePoliciesExtension([OID.jpkiAuthenticationPolicy]), crlDistributionPointExtension(crlUrl)],
        },
        state === 'untrusted' ? untrustedIssuer : signingIssuer,
      );
      resident.authentication = { serial: authSerial, certificatePem: derToPem(authentication) };
      await write(authPath, resident.authentication.certificatePem);
    }
    await write(paths.certificate, resident.certificatePem);
    await write(paths.key, resident.keyPem, true);
    residents.set(record.atenaNumber, resident);
  }
  if (!upToDate) logger?.info({ count: residents.size }, 'dev PKI: resident signing certificates issued');

  let crlNumber = manifest?.crlNumber ?? 0;
  const currentCrl = (await exists(layout.crl)) ? parseCrl(await readFile(layout.crl)) : null;
  const crlCurrent = upToDate && currentCrl?.nextUpdate && currentCrl.nextUpdate.getTime() - now.getTime() > 3600_000;
  if (!crlCurrent) {
    crlNumber += 1;
    // a revoked card: both its certificates
    const revoked = [...residents.values()]
      .filter((resident) => resident.state === 'revoked')
      .flatMap((resident) => [resident.serial, ...(resident.authentication ? [resident.authentication.serial] : [])])
      .map((serialHex) => ({ serialHex, revokedAt: new Date(now.getTime() - DAY_MS), reason: REASON_AFFILIATION_CHANGED }));
    const crl = issueCrl({ crlNumber, thisUpdate: now, nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS), revoked }, signingIssuer);
    await write(layout.crl, crl);
    logger?.info({ crlNumber, revoked: revoked.length }, 'dev PKI: CRL issued');
  }
  const nextManifest: Manifest = {
    version: 1,
    residentsDigest,
    crlNumber,
    residents: [...residents.values()].map(({ atenaNumber, serial, state }) => ({ atenaNumber, serial, state })),
  };
  await write(layout.manifest, `${JSON.stringify(nextManifest, null, 2)}\n`);

  return {
    directory: options.directory,
    trustAnchors: [jpkiRoot.certificatePem],
    intermediates: [signingCa.certificatePem],
    crlPath: layout.crl,
    crlUrl,
    jpkiRoot,
    signingCa,
    untrustedRoot,
    city: { root: cityRoot, organizationCa, signer: citySigner },
    residents,
  };
}
