/** Japan Standard Time is UTC+9 all year (no daylight saving). */
const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The JST calendar day (YYYY-MM-DD) of an instant. */
export function jstDayOf(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `[from, to)` of a JST day as ISO-8601 UTC strings; null for a string that is not a real YYYY-MM-DD day. */
export function jstDayBounds(day: string): { from: string; to: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = Date.parse(`${day}T00:00:00.000+09:00`);
  if (Number.isNaN(start) || jstDayOf(new Date(start)) !== day) return null;
  return { from: new Date(start).toISOString(), to: new Date(start + DAY_MS).toISOString() };
}

/** The day after `day`. */
export function nextJstDay(day: string): string {
  return jstDayOf(new Date(Date.parse(`${day}T00:00:00.000+09:00`) + DAY_MS));
}
