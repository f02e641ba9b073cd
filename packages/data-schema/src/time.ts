/**
 * Exact time handling for the raw log. Times are UTC epoch microseconds held in float64 numbers
 * (exact for every integer below 2^53, i.e. until the year 2255); days are integer days since
 * 1970-01-01 UTC. Parsing is hand-written on char codes: it runs once or more per raw row.
 */

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DD[ T]HH:MM:SS[.f{1,9}][Z|+HH:MM|-HH:MM|+HHMM|+HH]` (no offset means UTC) to UTC epoch
 * microseconds. Fractions beyond microseconds are truncated. Returns NaN when the text is not such a
 * timestamp or names an impossible date or time, so callers can report the offending value.
 * One implementation on ASCII bytes (parseTimestampBytes, which the raw reader's fast path calls on the
 * file's bytes); strings go through a small scratch buffer.
 */
export function parseTimestampMicros(s: string): number {
  const n = s.length;
  if (n > SCRATCH.length) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return Number.NaN;
    SCRATCH[i] = c;
  }
  return parseTimestampBytes(SCRATCH, 0, n);
}

const SCRATCH = new Uint8Array(64);

function digitsAt(b: Uint8Array, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** parseTimestampMicros on the ASCII bytes b[s..e) (NaN when invalid): the raw reader parses times in place. */
export function parseTimestampBytes(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 19) return Number.NaN;
  const year = digitsAt(b, s, 4);
  const month = digitsAt(b, s + 5, 2);
  const day = digitsAt(b, s + 8, 2);
  const hour = digitsAt(b, s + 11, 2);
  const minute = digitsAt(b, s + 14, 2);
  const second = digitsAt(b, s + 17, 2);
  const sep = b[s + 10];
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month - 1] ||
    (month === 2 && day === 29 && !isLeapYear(year)) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    b[s + 4] !== 45 ||
    b[s + 7] !== 45 ||
    (sep !== 32 && sep !== 84) ||
    b[s + 13] !== 58 ||
    b[s + 16] !== 58
  ) {
    return Number.NaN;
  }
  let i = 19;
  let micros = 0;
  if (i < n && b[s + i] === 46) {
    i++;
    let scale = 100_000;
    const start = i;
    while (i < n) {
      const c = b[s + i] - 48;
      if (c < 0 || c > 9) break;
      micros += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start || i - start > 9) return Number.NaN;
    micros = Math.floor(micros);
  }
  let offsetMinutes = 0;
  if (i < n) {
    const c = b[s + i];
    if (c === 90 && i === n - 1) {
      i++;
    } else if (c === 43 || c === 45) {
      const sign = c === 43 ? 1 : -1;
      const rest = n - i - 1;
      let oh: number;
      let om = 0;
      if (rest === 2) oh = digitsAt(b, s + i + 1, 2);
      else if (rest === 4) {
        oh = digitsAt(b, s + i + 1, 2);
        om = digitsAt(b, s + i + 3, 2);
      } else if (rest === 5 && b[s + i + 3] === 58) {
        oh = digitsAt(b, s + i + 1, 2);
        om = digitsAt(b, s + i + 4, 2);
      } else return Number.NaN;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMinutes = sign * (oh * 60 + om);
      i = n;
    } else return Number.NaN;
  }
  const days = daysFromCivil(year, month, day);
  const seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds * MICROS_PER_SECOND + micros;
}

const pad2 = (v: number) => (v < 10 ? `0${v}` : `${v}`);

/** Formats UTC epoch microseconds in the raw log's format: `2023-02-01 11:44:12.326601+00:00`. */
export function formatTimestampMicros(us: number): string {
  const day = Math.floor(us / MICROS_PER_DAY);
  const { year, month, day: dom } = civilFromDays(day);
  let rest = us - day * MICROS_PER_DAY;
  const hour = Math.floor(rest / MICROS_PER_HOUR);
  rest -= hour * MICROS_PER_HOUR;
  const minute = Math.floor(rest / MICROS_PER_MINUTE);
  rest -= minute * MICROS_PER_MINUTE;
  const second = Math.floor(rest / MICROS_PER_SECOND);
  const micros = rest - second * MICROS_PER_SECOND;
  const frac = String(micros).padStart(6, '0');
  return `${year}-${pad2(month)}-${pad2(dom)} ${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${frac}+00:00`;
}

/** The UTC day (days since 1970-01-01) that contains the instant `us`. */
export function utcDay(us: number): number {
  return Math.floor(us / MICROS_PER_DAY);
}

/**
 * Parses a `YYYY-MM-DD` day to days since 1970-01-01. Throws a RangeError `expected a day as YYYY-MM-DD`
 * for another shape, and `2023-02-30 is not a calendar day (2023-02 has 28 days)` for a well-shaped day
 * that does not exist.
 */
export function parseDay(s: string): number {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (s.length !== 10 || year < 0 || month < 0 || day < 0 || s[4] !== '-' || s[7] !== '-') {
    throw new RangeError(`expected a day as YYYY-MM-DD, got ${JSON.stringify(s)}`);
  }
  if (month < 1 || month > 12) {
    throw new RangeError(`${s} is not a calendar day (there is no month ${s.slice(5, 7)})`);
  }
  const monthDays = month === 2 && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > monthDays) {
    throw new RangeError(`${s} is not a calendar day (${s.slice(0, 7)} has ${monthDays} days)`);
  }
  return daysFromCivil(year, month, day);
}

/** Formats days since 1970-01-01 as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  const { year, month, day: dom } = civilFromDays(day);
  return `${year}-${pad2(month)}-${pad2(dom)}`;
}
