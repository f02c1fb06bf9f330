import { createHash } from 'node:crypto';
import type { CityIdentity } from './certificate-document.js';
import { japanDateOf } from './japan-date.js';

/** 発行番号 as this gateway writes it: `20261201-大阪市-ONLINE01-0123456789`. */
export const SERIAL_PATTERN = /^[0-9]{8}-[^-\s]+-[A-Z0-9]{1,16}-[0-9]{10}$/;

/**
 * The 発行番号 of a certificate, after the registry standard's
 * 発行年月日・市区町村名・端末・連番 (the printer and page segments of the
 * printed form have no meaning for an electronic document): the issue date
 * in Japan time as `YYYYMMDD`, the city's name, the terminal, and a
 * ten-digit number. The Store contract has no counter, so the number is not
 * a running sequence: it is taken from the certificate id, which makes it
 * the same on every re-run and distinct between certificates (ten digits
 * keep a clash on one day improbable, not impossible; the certificate id
 * stays the unique key).
 */
export function serialFor(certificateId: string, issuedAt: Date, city: Pick<CityIdentity, 'name' | 'terminal'>): string {
  const digest = createHash('sha256').update(certificateId, 'utf8').digest();
  const number = (digest.readUIntBE(0, 6) % 10_000_000_000).toString().padStart(10, '0');
  return `${japanDateOf(issuedAt).replaceAll('-', '')}-${city.name}-${city.terminal}-${number}`;
}
