import { describe, expect, expectTypeOf, test } from 'vitest';
import { rawEventJsonSchema } from './json-schema.js';
import {
  type DictionaryColumn,
  type IntListColumn,
  RAW_COLUMN_NAMES,
  RAW_SCHEMA,
  type RawColumns,
  type RawEventJson,
} from './schema.js';
import { sampleRawEvent } from './testing/sample-events.js';
import { assertRawEvent, validateRawEvent } from './validate-raw-event.js';

describe('types derived from RAW_SCHEMA', () => {
  test('RawEventJson and RawColumns type each column from its kind (checked by tsc)', () => {
    expectTypeOf<RawEventJson['tracker_created_at']>().toEqualTypeOf<string>();
    expectTypeOf<RawEventJson['first_comment_at']>().toEqualTypeOf<string | null>();
    expectTypeOf<RawEventJson['has_been_opened']>().toEqualTypeOf<boolean>();
    expectTypeOf<RawEventJson['user_children_age_month']>().toEqualTypeOf<number[]>();
    expectTypeOf<RawEventJson['user_age']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<RawColumns['user_id']>().toEqualTypeOf<DictionaryColumn>();
    expectTypeOf<RawColumns['tracker_created_at']>().toEqualTypeOf<Float64Array>();
    expectTypeOf<RawColumns['has_video']>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<RawColumns['post_likes_count']>().toEqualTypeOf<Int32Array>();
    expectTypeOf<RawColumns['author_children_age_year']>().toEqualTypeOf<IntListColumn>();
    expect(RAW_SCHEMA.user_age.required).toBe(false);
    expect(RAW_SCHEMA.tracker_created_at.required).toBe(true);
  });
  test('the schema lists DESIGN section 4 columns in file order', () => {
    expect(RAW_COLUMN_NAMES.slice(0, 3)).toEqual(['trackable_id', 'user_id', 'tracker_created_at']);
    expect(RAW_COLUMN_NAMES).toHaveLength(41);
    expect(RAW_COLUMN_NAMES.filter((n) => !RAW_SCHEMA[n].required)).toEqual([
      'user_age',
      'user_is_trying_since_days',
    ]);
  });
});

describe('rawEventJsonSchema', () => {
  const schema = rawEventJsonSchema as {
    required: string[];
    properties: Record<string, Record<string, unknown>>;
  };
  test('requires exactly the required columns and describes every column', () => {
    expect(schema.required).toEqual(RAW_COLUMN_NAMES.filter((n) => RAW_SCHEMA[n].required));
    expect(Object.keys(schema.properties)).toEqual(RAW_COLUMN_NAMES);
    expect(schema.properties.has_been_opened).toMatchObject({ type: 'boolean' });
    expect(schema.properties.user_department).toMatchObject({
      anyOf: [{ type: 'string' }, { type: 'null' }],
    });
    expect(schema.properties.user_children_age_month).toMatchObject({
      type: 'array',
      items: { type: 'integer' },
    });
    expect(JSON.parse(JSON.stringify(rawEventJsonSchema))).toEqual(rawEventJsonSchema);
  });
  test('its timestamp pattern accepts the real format and rejects junk', () => {
    const pattern = new RegExp(schema.properties.tracker_created_at.pattern as string);
    expect(pattern.test('2023-02-01 11:44:12.326601+00:00')).toBe(true);
    expect(pattern.test('2023-02-01T11:44:12Z')).toBe(true);
    expect(pattern.test('yesterday')).toBe(false);
  });
});

describe('validateRawEvent', () => {
  test('accepts a complete event and reports the omitted optional columns', () => {
    const result = validateRawEvent(sampleRawEvent(3));
    expect(result).toEqual({
      valid: true,
      issue: null,
      unknownColumns: [],
      missingOptionalColumns: ['user_age', 'user_is_trying_since_days'],
    });
    expect(() => assertRawEvent(sampleRawEvent(3))).not.toThrow();
  });
  test('reports the first bad column with the reader rules', () => {
    const bad = { ...sampleRawEvent(0), has_video: 'no', post_likes_count: 1.5 };
    expect(validateRawEvent(bad)).toMatchObject({
      valid: false,
      issue: { reason: 'wrong_type', column: 'post_likes_count', got: 1.5 },
    });
    expect(() => assertRawEvent(bad)).toThrow(
      'column post_likes_count: expected an integer in int32 range, got 1.5',
    );
    expect(
      validateRawEvent({ ...sampleRawEvent(0), first_comment_at: '2023-13-01 00:00:00' }).issue?.reason,
    ).toBe('invalid_timestamp');
    expect(validateRawEvent('x').issue).toMatchObject({ reason: 'not_an_object', column: null });
    expect(validateRawEvent(null).issue?.reason).toBe('not_an_object');
  });
  test('range checks: counts >= 0, impression times in a plausible window (configurable)', () => {
    expect(validateRawEvent({ ...sampleRawEvent(0), post_likes_count: -7 }).issue).toEqual({
      reason: 'out_of_range',
      column: 'post_likes_count',
      expected: 'an integer >= 0',
      got: -7,
    });
    const future = { ...sampleRawEvent(0), tracker_created_at: '2099-01-01 00:00:00+00:00' };
    expect(validateRawEvent(future).issue).toMatchObject({
      reason: 'out_of_range',
      column: 'tracker_created_at',
    });
    const window = { min: 0, max: Number.MAX_SAFE_INTEGER };
    expect(validateRawEvent(future, { impressionWindow: window }).valid).toBe(true);
    // Other timestamps are not impression times: an old account creation date is fine.
    expect(
      validateRawEvent({ ...sampleRawEvent(0), user_created_at: '1999-01-01 00:00:00+00:00' }).valid,
    ).toBe(true);
  });

  test('unknown columns are reported, not invalid', () => {
    const result = validateRawEvent({ ...sampleRawEvent(0), not_in_schema: 1 });
    expect(result.valid).toBe(true);
    expect(result.unknownColumns).toEqual(['not_in_schema']);
  });
  test('accepts every sample event the tests and bench use', () => {
    for (let i = 0; i < 2000; i++) expect(validateRawEvent(sampleRawEvent(i, i % 5)).issue).toBeNull();
  });
});
