/**
 * Dates for the `before`/`after` clause operators: epoch milliseconds, or an ISO-8601 date or
 * date-time string. Other strings that `Date.parse` happens to accept are refused, and a date-time
 * without an offset reads as UTC, so a rule means the same on every machine and in every time zone.
 */

import { memoizeStrings, PARSED_VALUES_REMEMBERED } from './memo.js';

const ISO_8601 =
  /^((\d{4})-(\d{2})-(\d{2}))(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds, or `null` when `input` is not a finite number or an ISO-8601 string. */
export function parseDate(input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  if (typeof input !== 'string') return null;
  const m = ISO_8601.exec(input);
  if (!m) return null;
  const [, date, year, month, day, time, zone] = m;
  // Date.parse rolls a day the month does not have (February 30) over into the next month.
  if (Number(day) > daysInMonth(Number(year), Number(month))) return null;
  const ms = Date.parse(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}

const parseRemembered = memoizeStrings(parseDate, PARSED_VALUES_REMEMBERED);

/** `parseDate` for context values: the same answer, each distinct string parsed once (bounded memory). */
export function parseDateOnce(input: unknown): number | null {
  return typeof input === 'string' ? parseRemembered(input) : parseDate(input);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
