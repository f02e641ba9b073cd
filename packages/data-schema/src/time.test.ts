import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatDay,
  formatTimestampMicros,
  MICROS_PER_DAY,
  parseDay,
  parseTimestampMicros,
  utcDay,
} from './time.js';

const at = (iso: string) => Date.parse(iso) * 1000;

describe('parseTimestampMicros', () => {
  test('the real format, with microseconds and +00:00', () => {
    expect(parseTimestampMicros('2023-02-01 11:44:12.326601+00:00')).toBe(
      at('2023-02-01T11:44:12.326Z') + 601,
    );
  });
  test('no fraction, no offset (UTC), Z and T separator', () => {
    const base = at('2023-01-03T00:00:00Z');
    expect(parseTimestampMicros('2023-01-03 00:00:00')).toBe(base);
    expect(parseTimestampMicros('2023-01-03T00:00:00Z')).toBe(base);
    expect(parseTimestampMicros('2023-01-03 00:00:00+00:00')).toBe(base);
  });
  test('short fractions scale, nanoseconds truncate to microseconds', () => {
    const base = at('2023-01-03T10:00:00Z');
    expect(parseTimestampMicros('2023-01-03 10:00:00.5+00:00')).toBe(base + 500_000);
    expect(parseTimestampMicros('2023-01-03 10:00:00.123+00:00')).toBe(base + 123_000);
    expect(parseTimestampMicros('2023-01-03 10:00:00.123456789+00:00')).toBe(base + 123_456);
  });
  test('offsets convert to UTC, in every accepted spelling', () => {
    const utc = at('2023-01-03T08:30:00Z');
    expect(parseTimestampMicros('2023-01-03 10:30:00+02:00')).toBe(utc);
    expect(parseTimestampMicros('2023-01-03 10:30:00+0200')).toBe(utc);
    expect(parseTimestampMicros('2023-01-03 10:30:00+02')).toBe(utc);
    expect(parseTimestampMicros('2023-01-03 03:00:00-05:30')).toBe(utc);
    // crossing midnight backwards into the previous day
    expect(parseTimestampMicros('2023-01-01 01:00:00.000001+02:00')).toBe(at('2022-12-31T23:00:00Z') + 1);
  });
  test('leap days: valid in leap years only', () => {
    expect(parseTimestampMicros('2024-02-29 00:00:00')).toBe(at('2024-02-29T00:00:00Z'));
    expect(parseTimestampMicros('2000-02-29 00:00:00')).toBe(at('2000-02-29T00:00:00Z'));
    expect(parseTimestampMicros('2023-02-29 00:00:00')).toBeNaN();
    expect(parseTimestampMicros('1900-02-29 00:00:00')).toBeNaN();
  });
  test.each([
    '',
    'yesterday',
    '2023-02-30 00:00:00',
    '2023-13-01 00:00:00',
    '2023-00-10 00:00:00',
    '2023-01-00 00:00:00',
    '2023-01-03 24:00:00',
    '2023-01-03 12:60:00',
    '2023-01-03 12:00:60',
    '2023-01-03 12:00',
    '2023/01/03 12:00:00',
    '2023-01-03X12:00:00',
    '2023-01-03 12:00:00.',
    '2023-01-03 12:00:00.1234567890',
    '2023-01-03 12:00:00+2',
    '2023-01-03 12:00:00+25:00',
    '2023-01-03 12:00:00+02:60',
    '2023-01-03 12:00:00 UTC',
    '2023-01-03 12:00:00Zjunk',
    '2O23-01-03 12:00:00',
  ])('rejects %j as NaN', (text) => {
    expect(parseTimestampMicros(text)).toBeNaN();
  });
  test('round trip with formatTimestampMicros over 1900..2200 (property)', () => {
    const lo = at('1900-01-01T00:00:00Z');
    const hi = at('2200-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: lo / 1e6, max: hi / 1e6 }),
        fc.integer({ min: 0, max: 999_999 }),
        (s, us) => {
          const micros = s * 1e6 + us;
          const text = formatTimestampMicros(micros);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
          expect(parseTimestampMicros(text)).toBe(micros);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
  test('agrees with Date.parse on whole milliseconds with offsets (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('1970-01-01T00:00:00Z') / 1000, max: at('2100-01-01T00:00:00Z') / 1000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, offsetMinutes) => {
          const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23).replace('T', ' ');
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseTimestampMicros(`${local}${offset}`)).toBe(ms * 1000);
        },
      ),
      { seed: 7, numRuns: 1000 },
    );
  });
});

describe('days', () => {
  test('utcDay, parseDay and formatDay agree', () => {
    const us = parseTimestampMicros('2023-01-28 23:59:59.999999+00:00');
    expect(utcDay(us)).toBe(parseDay('2023-01-28'));
    expect(utcDay(us + 1)).toBe(parseDay('2023-01-29'));
    expect(formatDay(parseDay('2023-01-28'))).toBe('2023-01-28');
    expect(parseDay('1970-01-01')).toBe(0);
    expect(utcDay(-1)).toBe(-1);
    expect(parseDay('2023-01-03') * MICROS_PER_DAY).toBe(at('2023-01-03T00:00:00Z'));
  });
  test.each(['2023-1-3', '20230103', '2023-01-03 ', 'x', '2023/01/03'])('parseDay rejects %j', (s) => {
    expect(() => parseDay(s)).toThrow(/expected a day as YYYY-MM-DD/);
  });
  test.each([
    ['2023-02-30', '2023-02-30 is not a calendar day (2023-02 has 28 days)'],
    ['2023-02-29', '2023-02-29 is not a calendar day (2023-02 has 28 days)'],
    ['2024-02-30', '2024-02-30 is not a calendar day (2024-02 has 29 days)'],
    ['2023-04-31', '2023-04-31 is not a calendar day (2023-04 has 30 days)'],
    ['2023-13-01', '2023-13-01 is not a calendar day (there is no month 13)'],
    ['2023-00-10', '2023-00-10 is not a calendar day (there is no month 00)'],
    ['2023-01-00', '2023-01-00 is not a calendar day (2023-01 has 31 days)'],
  ])('parseDay names %j as not a calendar day', (s, message) => {
    expect(() => parseDay(s)).toThrow(message);
  });
  test('civilFromDays inverts daysFromCivil (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (d) => {
        const { year, month, day } = civilFromDays(d);
        expect(daysFromCivil(year, month, day)).toBe(d);
      }),
      { seed: 3 },
    );
  });
});
