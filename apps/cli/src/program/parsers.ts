/** commander argument parsers shared by the command definitions: each names what it expected. */
import { InvalidArgumentError } from 'commander';

/** An integer, `_` separators allowed. */
export function integer(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (value.trim() === '' || !Number.isInteger(n))
    throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return n;
}

/** An integer > 0, `_` separators allowed. */
export function positiveInteger(value: string): number {
  const n = integer(value);
  if (n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** A finite number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** A fraction in [0, 1] (a rate). */
export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`expected a number from 0 to 1, got "${value}"`);
  return n;
}

/** A day as YYYY-MM-DD (the shape only; the calendar check is parseDay's). */
export function isoDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  return value;
}

/** A comma-separated list of positive integers (`64,32`); empty for none (`""`). */
export function positiveIntegerList(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    try {
      return positiveInteger(part.trim());
    } catch {
      throw new InvalidArgumentError(`expected positive integers separated by commas, got "${value}"`);
    }
  });
}

/** A finite number >= 0. */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`expected a number >= 0, got "${value}"`);
  return n;
}

/** An integer >= 0, `_` separators allowed. */
export function nonNegativeInteger(value: string): number {
  const n = integer(value);
  if (n < 0) throw new InvalidArgumentError(`expected an integer >= 0, got "${value}"`);
  return n;
}
