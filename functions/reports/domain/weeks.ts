import { isoWeekOf, localDate } from '#lib/metrics/calendar.ts';

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** The Monday (YYYY-MM-DD) an ISO week starts on; undefined when `week` is not a real ISO week. */
export function mondayOf(week: string): string | undefined {
  const match = ISO_WEEK.exec(week);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return undefined;
  // January 4th is always in week 1; its week's Monday starts week 1.
  const january4 = Date.UTC(year, 0, 4);
  const weekday = new Date(january4).getUTCDay() || 7;
  const monday = new Date(january4 - (weekday - 1) * DAY_MS + (number - 1) * 7 * DAY_MS);
  const date = monday.toISOString().slice(0, 10);
  // Week 53 exists only in some years: it must read back as itself.
  return isoWeekOf(date) === week ? date : undefined;
}

/** True for a real ISO 8601 week such as `2026-W45` (W53 only in years that have it). */
export const isIsoWeek = (week: string): boolean => mondayOf(week) !== undefined;

function requireMonday(week: string): string {
  const monday = mondayOf(week);
  if (monday === undefined) throw new RangeError(`${week} is not an ISO week`);
  return monday;
}

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The week `count` weeks before `week` (`count` may be negative). */
export function weeksBefore(week: string, count: number): string {
  return isoWeekOf(addDays(requireMonday(week), -7 * count));
}

/** The `count` weeks ending with `week`, oldest first: the chart's x axis. */
export function weeksEndingWith(week: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => weeksBefore(week, count - 1 - index));
}

/** Monday and Sunday of a week, as calendar dates (the report's "2–8 November"). */
export function datesOf(week: string): { readonly from: string; readonly to: string } {
  const from = requireMonday(week);
  return { from, to: addDays(from, 6) };
}

/** The ISO week just ended at `at` in a time zone: the week before the local date's week. */
export function lastCompletedWeek(at: Date, timezone: string): string {
  return weeksBefore(isoWeekOf(localDate(at, timezone)), 1);
}

/** The ISO week in progress at `at` in a time zone. */
export const currentWeek = (at: Date, timezone: string): string => isoWeekOf(localDate(at, timezone));

/**
 * The last week that has ended in every time zone (Etc/GMT+12, UTC-12, is the last place a week ends): what a
 * request for "every partner" covers when it names no week, so no partner gets a week still in progress.
 */
export const lastWeekEndedEverywhere = (at: Date): string => lastCompletedWeek(at, 'Etc/GMT+12');

/** True once the week has ended in the time zone (its Sunday is over there). */
export function hasEnded(week: string, at: Date, timezone: string): boolean {
  return datesOf(week).to < localDate(at, timezone);
}

/** True when the week has started in the time zone (today or an earlier week). */
export function hasStarted(week: string, at: Date, timezone: string): boolean {
  return requireMonday(week) <= localDate(at, timezone);
}
