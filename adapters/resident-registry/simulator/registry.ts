/**
 * The simulated registry's state and rules: lookups, household listing and
 * 転出 notices, with the refusals the real system gives. Pure of HTTP: every
 * operation returns a document or a `RegistryRefusal`.
 */
import type { EraTable } from '../../../src/jp/era.js';
import { isValidMod11Number } from '../../../src/jp/check-digits.js';
import { normaliseAddress, normaliseName, warekiToIso } from './normalise.js';
import type { FixtureResident, ResidentsFile } from './residents-file.js';

/** A refusal: HTTP status plus the registry's error code and a message free of personal data. */
export class RegistryRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Registry error codes, as they appear in `<error><code>`. */
export const REGISTRY_ERROR_CODES = {
  badRequest: 'BAD_REQUEST_DOCUMENT',
  residentNotFound: 'RESIDENT_NOT_FOUND',
  householdNotFound: 'HOUSEHOLD_NOT_FOUND',
  notAResident: 'NOT_A_RESIDENT',
  messageIdReused: 'MESSAGE_ID_REUSED',
  myNumberNotPermitted: 'MY_NUMBER_NOT_PERMITTED',
  missingMessageId: 'MISSING_MESSAGE_ID',
  maintenance: 'MAINTENANCE',
  internal: 'INTERNAL_ERROR',
  tooLarge: 'REQUEST_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  notFound: 'NO_SUCH_ENDPOINT',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
} as const;

/** A resident as the registry writes it in replies (element names of the wire format). */
export type ResidentDocument = Record<string, unknown>;

/** Search criteria, already read from the request document. */
export type SearchCriteria =
  | { by: 'certificate'; signingSerial: string }
  | { by: 'authentication'; authSerial: string }
  | { by: 'facts'; name: string; birthDate: { eraCode: number; text: string }; gender: string; address: string };

/** A 転出届 as read from the request document. */
export interface MovingOutRequest {
  atenaNumber: string;
  plannedDate: string;
  notifiedOn: string;
  destinationAddress: string;
  destinationPostalCode: string | undefined;
}

interface Receipt {
  receiptNumber: string;
  atenaNumber: string;
  acceptedAt: string;
}

/** The state of one simulated registry. */
export class SimulatedRegistry {
  private readonly residents: FixtureResident[];
  private readonly receipts = new Map<string, { fingerprint: string; receipt: Receipt }>();
  private receiptSequence = 0;

  constructor(
    file: ResidentsFile,
    private readonly eras: EraTable,
    private readonly now: () => Date,
  ) {
    this.residents = file.residents.map((resident) => structuredClone(resident));
  }

  /** Finds one resident, by certificate serial or by the four facts. */
  search(criteria: SearchCriteria, myNumber: { requested: boolean; permitted: boolean }): ResidentDocument {
    this.checkMyNumberRequest(myNumber);
    const found =
      criteria.by === 'certificate'
        ? this.byCertificate(criteria.signingSerial)
        : criteria.by === 'authentication'
          ? this.byAuthenticationCertificate(criteria.authSerial)
          : this.byFacts(criteria);
    if (!found) throw new RegistryRefusal(404, REGISTRY_ERROR_CODES.residentNotFound, 'no resident matches the search');
    return this.document(found, myNumber.requested);
  }

  /** Members of a household in registry order; 除票 members only when asked. */
  household(setaiNumber: string, includeRemoved: boolean, myNumber: { requested: boolean; permitted: boolean }): Record<string, unknown> {
    if (!isValidMod11Number(setaiNumber) || setaiNumber.length !== 10) {
      throw new RegistryRefusal(400, REGISTRY_ERROR_CODES.badRequest, 'the household number is not a valid 世帯番号');
    }
    this.checkMyNumberRequest(myNumber);
    const members = this.residents.filter((resident) => resident.setaiNumber === setaiNumber);
    const head = members[0];
    if (!head) throw new RegistryRefusal(404, REGISTRY_ERROR_CODES.householdNotFound, 'no household has this number');
    return {
      setaiNumber,
      householdHead: head.householdHead,
      member: members.filter((member) => includeRemoved || member.status === '住民').map((member) => this.document(member, myNumber.requested)),
    };
  }

  /**
   * Records a 転出届. The message id makes it idempotent: the same id with the
   * same notice returns the first receipt; the same id with another notice is refused.
   */
  movingOut(messageId: string, notice: MovingOutRequest): Receipt {
    const fingerprint = JSON.stringify(notice);
    const earlier = this.receipts.get(messageId);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new RegistryRefusal(409, REGISTRY_ERROR_CODES.messageIdReused, 'the message id was used for a different notice');
      return earlier.receipt;
    }
    const resident = this.residents.find((candidate) => candidate.atenaNumber === notice.atenaNumber);
    if (!resident) throw new RegistryRefusal(404, REGISTRY_ERROR_CODES.residentNotFound, 'no resident has this 宛名番号');
    if (resident.status !== '住民') throw new RegistryRefusal(409, REGISTRY_ERROR_CODES.notAResident, 'the resident is not in 住民 status');
    resident.status = '転出';
    const now = this.now();
    this.receiptSequence += 1;
    const receipt = {
      receiptNumber: `TS-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${String(this.receiptSequence).padStart(6, '0')}`,
      atenaNumber: resident.atenaNumber,
      acceptedAt: now.toISOString(),
    };
    this.receipts.set(messageId, { fingerprint, receipt });
    return receipt;
  }

  /** The 転出届 recorded so far, oldest first, by the message id that filed each. */
  movingOutReceipts(): { messageId: string; receiptNumber: string }[] {
    return [...this.receipts].map(([messageId, { receipt }]) => ({ messageId, receiptNumber: receipt.receiptNumber }));
  }

  private checkMyNumberRequest(myNumber: { requested: boolean; permitted: boolean }): void {
    if (myNumber.requested && !myNumber.permitted) {
      throw new RegistryRefusal(403, REGISTRY_ERROR_CODES.myNumberNotPermitted, '個人番号 was requested without permission');
    }
  }

  private byCertificate(serial: string): FixtureResident | undefined {
    const wanted = serial.toUpperCase();
    return this.residents.find((resident) => resident.jpki?.signingSerial === wanted);
  }

  private byAuthenticationCertificate(serial: string): FixtureResident | undefined {
    const wanted = serial.toUpperCase();
    return this.residents.find((resident) => resident.jpki?.authSerial === wanted);
  }

  private byFacts(criteria: Extract<SearchCriteria, { by: 'facts' }>): FixtureResident | undefined {
    const iso = warekiToIso(criteria.birthDate.eraCode, criteria.birthDate.text, this.eras);
    if (iso === null) throw new RegistryRefusal(400, REGISTRY_ERROR_CODES.badRequest, 'the birth date is not a date of the given era');
    const name = normaliseName(criteria.name);
    const address = normaliseAddress(criteria.address);
    const matches = this.residents.filter(
      (resident) =>
        resident.birthDate.iso === iso &&
        resident.gender === criteria.gender &&
        normaliseName(resident.name) === name &&
        normaliseAddress(resident.address) === address,
    );
    // A 除票 record can share the facts with a current one; the current one wins.
    return matches.find((resident) => resident.status === '住民') ?? matches[0];
  }

  private document(resident: FixtureResident, withMyNumber: boolean): ResidentDocument {
    return {
      atenaNumber: resident.atenaNumber,
      setaiNumber: resident.setaiNumber,
      juminhyoCode: resident.juminhyoCode,
      name: resident.name,
      nameKana: resident.nameKana,
      birthDate: {
        '@_eraCode': String(resident.birthDate.eraCode),
        '@_unknown': String(resident.birthDate.unknown),
        '#text': resident.birthDate.unknown ? (resident.birthDate.text ?? resident.birthDate.wareki) : resident.birthDate.wareki,
      },
      gender: resident.gender,
      address: resident.address,
      postalCode: resident.postalCode,
      relationship: resident.relationship,
      householdHead: resident.householdHead,
      status: resident.status,
      ...(withMyNumber ? { myNumber: resident.myNumber } : {}),
    };
  }
}
