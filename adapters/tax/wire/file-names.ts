/**
 * File names of the exchange: `KKH_REQ_<YYYYMMDDHHmmss>_<seq6>.dat` and
 * `KKH_RES_<YYYYMMDDHHmmss>_<seq6>.dat`, timestamps in Japan time. A file
 * being written has a name starting with `.` and ending in `.tmp`, which no
 * reader picks up.
 */

/** A final request file name. */
export const REQUEST_FILE_NAME = /^KKH_REQ_[0-9]{14}_[0-9]{6}\.dat$/;
/** A final result file name. */
export const RESULT_FILE_NAME = /^KKH_RES_[0-9]{14}_[0-9]{6}\.dat$/;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `YYYYMMDDHHmmss` of an instant in Asia/Tokyo (UTC+9, no daylight saving). */
export function japanTimestamp(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The name of a request file. */
export function requestFileName(createdAt: Date, sequence: number): string {
  return `KKH_REQ_${japanTimestamp(createdAt)}_${String(sequence).padStart(6, '0')}.dat`;
}

/** The name of a result file. */
export function resultFileName(createdAt: Date, sequence: number): string {
  return `KKH_RES_${japanTimestamp(createdAt)}_${String(sequence).padStart(6, '0')}.dat`;
}

/** The temporary name a file is written under before it is renamed to `finalName`. */
export function temporaryName(finalName: string): string {
  return `.${finalName}.tmp`;
}
