import { readFileSync } from 'node:fs';

/**
 * The sample applications are written for a fixed "today" (some dates are
 * relative to it, like a moving date or a child's age): fixtures/applications/fixture-clock.json.
 */
export const FIXTURE_NOW = new Date((JSON.parse(readFileSync('fixtures/applications/fixture-clock.json', 'utf8')) as { now: string }).now);

const startedAt = Date.now();

/** A clock that starts at the fixtures' "today" and runs at real speed, so timeouts and backoff still pass. */
export function fixtureClock(): Date {
  return new Date(FIXTURE_NOW.getTime() + (Date.now() - startedAt));
}
