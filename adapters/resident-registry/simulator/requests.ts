/**
 * Reads the simulator's request documents. Anything not in the documented
 * shape is a 400 BAD_REQUEST_DOCUMENT, as the real interface answers.
 */
import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseXml } from '../../../src/codecs/xml.js';
import { REGISTRY_ERROR_CODES, RegistryRefusal, type MovingOutRequest, type SearchCriteria } from './registry.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const myNumberSchema = z
  .object({ '@_requested': flag.default(false), '@_permitted': flag.default(false) })
  .or(z.literal('').transform(() => ({ '@_requested': false, '@_permitted': false })))
  .default({ '@_requested': false, '@_permitted': false })
  .transform((value) => ({ requested: value['@_requested'], permitted: value['@_permitted'] }));
const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

const searchSchema = z.object({
  residentSearchRequest: z
    .object({
      byCertificate: z.object({ signingSerial: z.string().regex(/^[0-9A-Fa-f]{1,40}$/) }).optional(),
      byAuthentication: z.object({ authSerial: z.string().regex(/^[0-9A-Fa-f]{1,40}$/) }).optional(),
      byFacts: z
        .object({
          name: z.string().min(1).max(100),
          birthDate: z.object({ '@_eraCode': z.string().regex(/^[0-9]{1,2}$/), '#text': z.string().min(1).max(40) }),
          gender: z.enum(['1', '2']),
          address: z.string().min(1).max(300),
        })
        .optional(),
      myNumber: myNumberSchema,
    })
    .refine(
      (request) => [request.byCertificate, request.byAuthentication, request.byFacts].filter((criterion) => criterion !== undefined).length === 1,
      'exactly one of byCertificate, byAuthentication and byFacts',
    ),
});

const householdSchema = z.object({
  householdMembersRequest: z
    .object({ includeRemoved: flag.default(false), myNumber: myNumberSchema })
    .or(z.literal('').transform(() => ({ includeRemoved: false, myNumber: { requested: false, permitted: false } }))),
});

const movingOutSchema = z.object({
  movingOutNotice: z.object({
    atenaNumber: z.string().regex(/^[0-9]{10}$/),
    plannedDate: isoDate,
    notifiedOn: isoDate,
    destination: z.object({ address: z.string().min(1).max(300), postalCode: z.string().regex(/^[0-9]{3}-[0-9]{4}$/).optional() }),
  }),
});

function read<T>(schema: z.ZodType<T>, body: string): T {
  let document: unknown;
  try {
    document = parseXml(body, { maxDepth: 8 });
  } catch (error) {
    if (error instanceof InputError) throw new RegistryRefusal(400, REGISTRY_ERROR_CODES.badRequest, `the request is not acceptable XML (${error.code})`);
    throw error;
  }
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('/')).join(', ');
    throw new RegistryRefusal(400, REGISTRY_ERROR_CODES.badRequest, `the request document is invalid at: ${where}`);
  }
  return parsed.data;
}

/** A search request: the criteria and the 個人番号 flags. */
export function readSearchRequest(body: string): { criteria: SearchCriteria; myNumber: { requested: boolean; permitted: boolean } } {
  const request = read(searchSchema, body).residentSearchRequest;
  if (request.byCertificate) return { criteria: { by: 'certificate', signingSerial: request.byCertificate.signingSerial }, myNumber: request.myNumber };
  if (request.byAuthentication) return { criteria: { by: 'authentication', authSerial: request.byAuthentication.authSerial }, myNumber: request.myNumber };
  const facts = request.byFacts!;
  return {
    criteria: { by: 'facts', name: facts.name, birthDate: { eraCode: Number(facts.birthDate['@_eraCode']), text: facts.birthDate['#text'] }, gender: facts.gender, address: facts.address },
    myNumber: request.myNumber,
  };
}

/** A household members request; an empty document means the defaults. */
export function readHouseholdRequest(body: string): { includeRemoved: boolean; myNumber: { requested: boolean; permitted: boolean } } {
  return read(householdSchema, body).householdMembersRequest;
}

/** A 転出届. */
export function readMovingOutRequest(body: string): MovingOutRequest {
  const notice = read(movingOutSchema, body).movingOutNotice;
  return {
    atenaNumber: notice.atenaNumber,
    plannedDate: notice.plannedDate,
    notifiedOn: notice.notifiedOn,
    destinationAddress: notice.destination.address,
    destinationPostalCode: notice.destination.postalCode,
  };
}
