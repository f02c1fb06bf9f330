import { ConfigurationError } from '../errors.js';

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of an ISO-8601 duration of the form `PnDTnHnMnS` (e.g. `PT48H`,
 * `P2DT12H`). Years, months and weeks are refused: their length depends on the
 * calendar, and reply deadlines must mean the same time everywhere.
 */
export function isoDurationMs(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new ConfigurationError(`'${duration}' is not an ISO-8601 duration of the form PnDTnHnMnS`);
  }
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 86_400_000 + Number(hours ?? 0) * 3_600_000 + Number(minutes ?? 0) * 60_000 + Math.round(Number(seconds ?? 0) * 1000)
  );
}
