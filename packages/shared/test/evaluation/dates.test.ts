import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDate } from '../../src/index.js';

const utc = (...parts: [number, number, number, number?, number?, number?, number?]) => Date.UTC(...parts);

describe('parseDate', () => {
  // Date-times without an offset must read as UTC on every machine, so run these away from UTC.
  let zone: string | undefined;
  beforeAll(() => {
    zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it.each<[number, number | null]>([
    [0, 0],
    [1_767_225_600_000, 1_767_225_600_000],
    [-86_400_000, -86_400_000],
    [1.5, 1.5],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NEGATIVE_INFINITY, null],
  ])('reads the number %d as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each<[string, number]>([
    ['2026-01-01', utc(2026, 0, 1)],
    ['2024-02-29', utc(2024, 1, 29)],
    ['2000-02-29', utc(2000, 1, 29)],
    ['2026-12-31', utc(2026, 11, 31)],
    ['2026-04-30', utc(2026, 3, 30)],
    ['2026-06-30', utc(2026, 5, 30)],
    ['2026-09-30', utc(2026, 8, 30)],
    ['2026-11-30', utc(2026, 10, 30)],
    ['2026-01-31', utc(2026, 0, 31)],
    ['2026-07-31', utc(2026, 6, 31)],
    ['2026-02-28', utc(2026, 1, 28)],
    ['1900-02-28', utc(1900, 1, 28)],
    ['2026-01-01T10:20', utc(2026, 0, 1, 10, 20)],
    ['2026-01-01 10:20', utc(2026, 0, 1, 10, 20)],
    ['2026-01-01T10:20:30', utc(2026, 0, 1, 10, 20, 30)],
    ['2026-01-01T10:20:30Z', utc(2026, 0, 1, 10, 20, 30)],
    ['2026-01-01T10:20:30.5Z', utc(2026, 0, 1, 10, 20, 30, 500)],
    ['2026-01-01T10:20:30.123Z', utc(2026, 0, 1, 10, 20, 30, 123)],
    ['2026-01-01T10:20:30.123456789Z', utc(2026, 0, 1, 10, 20, 30, 123)],
    ['2026-01-01T10:20:30.5', utc(2026, 0, 1, 10, 20, 30, 500)],
    ['2026-01-01T10:20+02:00', utc(2026, 0, 1, 8, 20)],
    ['2026-01-01T10:20:30-05:30', utc(2026, 0, 1, 15, 50, 30)],
    ['2026-01-01T10:20+0200', utc(2026, 0, 1, 8, 20)],
    ['2026-01-01T01:00+02:00', utc(2025, 11, 31, 23)],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ['a date without dashes', '20260101'],
    ['one-digit month and day', '2026-1-1'],
    ['a two-digit year', '26-01-01'],
    ['a time without minutes', '2026-01-01T10'],
    ['a one-digit hour', '2026-01-01T1:00'],
    ['a dangling T', '2026-01-01T'],
    ['an offset without a date-time', '2026-01-01Z'],
    ['a short offset', '2026-01-01T10:20+02'],
    ['a fraction without seconds', '2026-01-01T10:20.5'],
    ['ten fraction digits', '2026-01-01T10:20:30.1234567890Z'],
    ['an empty fraction', '2026-01-01T10:20:30.Z'],
    ['a lower-case zone', '2026-01-01T10:20z'],
    ['month 13', '2026-13-01'],
    ['month 0', '2026-00-10'],
    ['day 0', '2026-01-00'],
    ['day 32', '2026-01-32'],
    ['February 29 of a common year', '2026-02-29'],
    ['February 29 of a century that is not a leap year', '1900-02-29'],
    ['February 30', '2024-02-30T10:00Z'],
    ['April 31', '2026-04-31'],
    ['June 31', '2026-06-31'],
    ['September 31', '2026-09-31'],
    ['November 31', '2026-11-31'],
    ['minute 60', '2026-01-01T10:60'],
    ['text Date.parse accepts', 'Jan 1 2026'],
    ['an RFC 2822 date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
    ['leading text', 'x2026-01-01'],
    ['trailing text', '2026-01-01x'],
    ['a leading space', ' 2026-01-01'],
    ['a numeric string', '1767225600000'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_, input) => {
    expect(parseDate(input)).toBeNull();
  });

  it.each([[null], [undefined], [true], [[1_767_225_600_000]], [['2026-01-01']], [{}], [new Date(0)]])(
    'refuses the non-date %j',
    (input) => {
      expect(parseDate(input)).toBeNull();
    },
  );
});
