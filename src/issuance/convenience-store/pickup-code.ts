/**
 * The shape of a pickup code (受付番号): 12 digits, of which the first 8 are
 * the pickup number (unique at the store network) and the last 4 a check part
 * the network draws at random for each pickup. The check part is not derived
 * from the number, so knowing or guessing a number says nothing about it; a
 * wrong check part on an existing number is a guess, and after
 * {@link WRONG_CHECK_PARTS_BEFORE_LOCK} of them the code is locked.
 */
export const PICKUP_NUMBER_DIGITS = 8;
export const CHECK_PART_DIGITS = 4;
export const PICKUP_CODE = new RegExp(`^[0-9]{${PICKUP_NUMBER_DIGITS + CHECK_PART_DIGITS}}$`);

/** Wrong check parts tried on one pickup number after which its code no longer works. */
export const WRONG_CHECK_PARTS_BEFORE_LOCK = 5;

/** A well-formed pickup code, split. */
export interface PickupCodeParts {
  code: string;
  pickupNumber: string;
}

/** The parts of `code`, or undefined when it is not 12 digits. */
export function parsePickupCode(code: string): PickupCodeParts | undefined {
  if (!PICKUP_CODE.test(code)) return undefined;
  return { code, pickupNumber: code.slice(0, PICKUP_NUMBER_DIGITS) };
}
