/**
 * ISO 8601 durations (`P30D`, `PT5M`, `P1Y2M`, `P2W`) in milliseconds, for `retention` (-> `retention.ms`)
 * and `datamesh retire --grace`. A year counts 365 days and a month 30 days: Kafka's retention is a fixed
 * number of milliseconds, so calendar lengths cannot apply (documented in the README).
 */
const DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS = [365 * DAY, 30 * DAY, 7 * DAY, DAY, HOUR, MINUTE, SECOND];

export class DurationError extends Error {}

/** The duration in whole milliseconds; throws DurationError for text that is not an ISO 8601 duration. */
export function isoDurationToMs(text: string): number {
  const match = DURATION.exec(text.trim());
  // "P" and "PT" alone match the pattern but name no duration.
  if (!match || match.slice(1).every((part) => part === undefined) || text.trim().endsWith('T')) {
    throw new DurationError(`"${text}" is not an ISO 8601 duration (for example P30D, PT12H, PT0S)`);
  }
  let total = 0;
  match.slice(1).forEach((part, index) => {
    if (part !== undefined) total += Number(part.replace(',', '.')) * UNITS[index];
  });
  return Math.round(total);
}
