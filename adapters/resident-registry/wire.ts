/**
 * The resident registry's XML interface as the gateway sees it: request
 * documents it writes and the replies it accepts, checked with zod. The
 * element names and rules are documented in ./README.md.
 */
import { z } from 'zod';
import { buildXml } from '../../src/codecs/xml.js';
import { isValidMod11Number, isValidMyNumber } from '../../src/jp/check-digits.js';
import type { EraTable } from '../../src/jp/era.js';

/** Endpoint paths, relative to the configured base URL. */
export const RESIDENT_REGISTRY_PATHS = {
  search: '/jukiapi/v1/residents/search',
  householdMembers: (setaiNumber: string) => `/jukiapi/v1/households/${encodeURIComponent(setaiNumber)}/members`,
  movingOut: '/jukiapi/v1/notifications/moving-out',
  health: '/jukiapi/v1/health',
} as const;

/** Header carrying the message id the registry deduplicates by. */
export const MESSAGE_ID_HEADER = 'X-Message-Id';

/** Element names that repeat, so the parser always gives arrays for them. */
export const REPEATED_ELEMENTS = ['member'] as const;

/** 住民状態 as the registry reports it. */
export type ResidentStatus = '住民' | '転出' | '死亡';

/** 生年月日 as the registry holds it: 和暦 with era code, possibly 不詳. */
export interface RegistryBirthDate {
  /** 1 明治 … 5 令和. */
  eraCode: number;
  /** As written by the registry: 昭和64年1月7日, or the 不詳 wording (年月日不詳). */
  wareki: string;
  /** Gregorian date, null when the date is 不詳. */
  iso: string | null;
  unknown: boolean;
}

/** One resident as the registry returns it. */
export interface ResidentRecord {
  atenaNumber: string;
  setaiNumber: string;
  juminhyoCode: string;
  name: string;
  nameKana: string;
  birthDate: RegistryBirthDate;
  gender: '1' | '2';
  address: string;
  postalCode: string | null;
  relationship: string;
  householdHead: string;
  status: ResidentStatus;
  /** Present only when requested and permitted. */
  myNumber?: string;
}

/** A household and its members, in the registry's 世帯員並び順. */
export interface HouseholdRecord {
  setaiNumber: string;
  householdHead: string;
  members: ResidentRecord[];
}

/** The registry's 受付 of a 転出 notice. */
export interface MovingOutReceipt {
  receiptNumber: string;
  atenaNumber: string;
  acceptedAt: string;
}

/** The four basic facts (基本4情報) as the applicant's certificate carries them. */
export interface ResidentFacts {
  name: string;
  /** Gregorian ISO date. */
  birthDate: string;
  gender: '1' | '2';
  address: string;
}

/** A 転出届 for one resident. */
export interface MovingOutNotice {
  atenaNumber: string;
  /** 転出予定日, ISO date. */
  plannedDate: string;
  /** 転出先住所. */
  destinationAddress: string;
  destinationPostalCode?: string;
  /** 届出年月日, ISO date. */
  notifiedOn: string;
}

/** Whether to ask for 個人番号, and whether this gateway is permitted to receive it. */
export interface MyNumberRequest {
  requested: boolean;
  permitted: boolean;
}

const digits = (length: number) => z.string().regex(new RegExp(`^[0-9]{${length}}$`));
const mod11Number = digits(10).refine(isValidMod11Number, 'check digit');
const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const birthDateSchema = z.object({
  '@_eraCode': z.string().regex(/^[1-9][0-9]?$/),
  '@_unknown': flag,
  '#text': z.string().min(1).max(40),
});

const residentSchema = z.object({
  atenaNumber: mod11Number,
  setaiNumber: mod11Number,
  juminhyoCode: digits(11),
  name: z.string().min(1).max(100),
  nameKana: z.string().max(200),
  birthDate: birthDateSchema,
  gender: z.enum(['1', '2']),
  address: z.string().min(1).max(300),
  postalCode: z.string().regex(/^[0-9]{3}-[0-9]{4}$/).optional(),
  relationship: z.string().min(1).max(40),
  householdHead: mod11Number,
  status: z.enum(['住民', '転出', '死亡']),
  myNumber: digits(12).refine(isValidMyNumber, 'check digit').optional(),
});

type WireResident = z.infer<typeof residentSchema>;

/** Reply of `POST /jukiapi/v1/residents/search`. */
export const searchReplySchema = z.object({ residentSearchResponse: z.object({ resident: residentSchema }) });

/** Reply of `POST /jukiapi/v1/households/{世帯番号}/members`. */
export const householdReplySchema = z.object({
  householdMembersResponse: z.object({
    setaiNumber: mod11Number,
    householdHead: mod11Number,
    member: z.array(residentSchema).max(200).default([]),
  }),
});

/** Reply of `POST /jukiapi/v1/notifications/moving-out`. */
export const movingOutReplySchema = z.object({
  movingOutReceipt: z.object({
    receiptNumber: z.string().regex(/^[A-Z0-9-]{1,40}$/),
    atenaNumber: mod11Number,
    acceptedAt: z.iso.datetime({ offset: true }),
  }),
});

/** Error reply body, any status. */
export const errorReplySchema = z.object({ error: z.object({ code: z.string().regex(/^[A-Z0-9_]{1,64}$/), message: z.string().optional() }) });

const WAREKI = /^(明治|大正|昭和|平成|令和)(元|[0-9]{1,2})年([0-9]{1,2})月([0-9]{1,2})日$/;

/** Turns a wire resident into the record, checking that the 和暦 date is a real date of the stated era. */
export function toResidentRecord(wire: WireResident, eras: EraTable): ResidentRecord {
  const eraCode = Number(wire.birthDate['@_eraCode']);
  const wareki = wire.birthDate['#text'];
  let iso: string | null = null;
  if (!wire.birthDate['@_unknown']) {
    const match = WAREKI.exec(wareki);
    if (!match || eras.era(match[1]!).code !== eraCode) throw new RangeError('birth date does not match its era code');
    iso = eras.fromEra(eraCode, match[2] === '元' ? 1 : Number(match[2]), Number(match[3]), Number(match[4]));
  }
  const record: ResidentRecord = {
    atenaNumber: wire.atenaNumber,
    setaiNumber: wire.setaiNumber,
    juminhyoCode: wire.juminhyoCode,
    name: wire.name,
    nameKana: wire.nameKana,
    birthDate: { eraCode, wareki, iso, unknown: wire.birthDate['@_unknown'] },
    gender: wire.gender,
    address: wire.address,
    postalCode: wire.postalCode ?? null,
    relationship: wire.relationship,
    householdHead: wire.householdHead,
    status: wire.status,
  };
  if (wire.myNumber !== undefined) record.myNumber = wire.myNumber;
  return record;
}

function myNumberElement(request: MyNumberRequest): object {
  return { '@_requested': String(request.requested), '@_permitted': String(request.permitted) };
}

/** Search document for the 署名用電子証明書シリアル番号. */
export function certificateSearchDocument(signingSerial: string, myNumber: MyNumberRequest): string {
  return buildXml('residentSearchRequest', { byCertificate: { signingSerial }, myNumber: myNumberElement(myNumber) });
}

/**
 * Search document for the 利用者証明用電子証明書シリアル番号: how a resident who
 * authenticated (and signed nothing) is found. The real J-LIS link answers
 * which 署名用 certificate belongs to an authentication certificate; the
 * registry interface takes the serial and does that step itself.
 */
export function authenticationSearchDocument(authSerial: string, myNumber: MyNumberRequest): string {
  return buildXml('residentSearchRequest', { byAuthentication: { authSerial }, myNumber: myNumberElement(myNumber) });
}

/** Search document for the four basic facts; the birth date goes as 和暦 with its era code. */
export function factsSearchDocument(facts: ResidentFacts, eras: EraTable, myNumber: MyNumberRequest): string {
  const era = eras.toEra(facts.birthDate).era;
  return buildXml('residentSearchRequest', {
    byFacts: {
      name: facts.name,
      birthDate: { '@_eraCode': String(era.code), '#text': eras.format(facts.birthDate) },
      gender: facts.gender,
      address: facts.address,
    },
    myNumber: myNumberElement(myNumber),
  });
}

/** Household members request; 除票 members (転出, 死亡) only when asked. */
export function householdMembersDocument(includeRemoved: boolean, myNumber: MyNumberRequest): string {
  return buildXml('householdMembersRequest', { includeRemoved: String(includeRemoved), myNumber: myNumberElement(myNumber) });
}

/** 転出届 document. */
export function movingOutDocument(notice: MovingOutNotice): string {
  return buildXml('movingOutNotice', {
    atenaNumber: notice.atenaNumber,
    plannedDate: notice.plannedDate,
    notifiedOn: notice.notifiedOn,
    destination: { address: notice.destinationAddress, postalCode: notice.destinationPostalCode },
  });
}

/** Message record shapes `deliver` accepts, per operation. */
export const messageRecordSchemas = {
  'find-resident-by-certificate': z.object({ signingSerial: z.string().regex(/^[0-9A-Fa-f]{1,40}$/), includeMyNumber: z.boolean().default(false) }),
  'find-resident-by-facts': z.object({
    name: z.string().min(1).max(100),
    birthDate: isoDate,
    gender: z.enum(['1', '2']),
    address: z.string().min(1).max(300),
    includeMyNumber: z.boolean().default(false),
  }),
  'household-members': z.object({ setaiNumber: mod11Number, includeRemoved: z.boolean().default(false), includeMyNumber: z.boolean().default(false) }),
  'moving-out-notice': z.object({
    atenaNumber: mod11Number,
    plannedDate: isoDate,
    notifiedOn: isoDate,
    destinationAddress: z.string().min(1).max(300),
    destinationPostalCode: z.string().regex(/^[0-9]{3}-[0-9]{4}$/).optional(),
  }),
} as const;

/** Operations `deliver` understands. */
export type ResidentRegistryOperation = keyof typeof messageRecordSchemas;
