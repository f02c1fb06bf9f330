/** Japan has no daylight saving time: its calendar day is always UTC+9. */
const JST_OFFSET_MS = 9 * 3600 * 1000;

/** The calendar day in Japan of an instant, `YYYY-MM-DD`. */
export function japanDateOf(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}
