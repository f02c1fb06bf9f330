/**
 * The calendar day of an instant in Asia/Tokyo, for the application's
 * `receivedOn`: an application received at 2025-03-31T15:30Z was received on
 * 1 April in the city, which decides its 届出年月日 and its 年度.
 */

/** Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is exact for every instant the gateway records. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYY-MM-DD` in Asia/Tokyo of an ISO instant. Throws RangeError for a string that is not an instant. */
export function tokyoDateOf(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError('not an ISO instant');
  return new Date(time + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}
