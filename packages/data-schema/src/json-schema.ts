/**
 * JSON Schema (draft 2020-12) of one raw log line, derived from RAW_SCHEMA, for tools outside
 * TypeScript (data validators, documentation, other languages).
 */
import { type ColumnKind, type ColumnSpec, RAW_COLUMN_NAMES, RAW_SCHEMA } from './schema.js';

const INT32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 } as const;

/** JSON Schema fragment of a non-null value of each column kind. */
function valueSchema(kind: ColumnKind): Record<string, unknown> {
  switch (kind) {
    case 'id':
      return { type: 'string', minLength: 1 };
    case 'category':
      return { type: 'string' };
    case 'timestamp':
      // The pattern is a first filter; the reader also rejects impossible dates (2023-02-30) and
      // impression times outside the plausible window (row-rules.ts).
      return {
        type: 'string',
        pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}(:?\\d{2})?)?$',
      };
    case 'bool':
      return { type: 'boolean' };
    case 'int':
      return { ...INT32 };
    case 'float':
      return { type: 'number' };
    case 'intList':
      return { type: 'array', items: { ...INT32 } };
  }
}

function buildRawEventJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const name of RAW_COLUMN_NAMES) {
    const spec: ColumnSpec = RAW_SCHEMA[name];
    const value = valueSchema(spec.kind);
    if (spec.minimum !== undefined) value.minimum = spec.minimum;
    properties[name] = {
      description: spec.description,
      ...(spec.nullable ? { anyOf: [value, { type: 'null' }] } : value),
    };
    if (spec.required) required.push(name);
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://wemoms.example/schemas/raw-event.json',
    title: 'WeMoms raw impression event',
    description:
      'One line of the gzip JSON-Lines impression log. Unknown properties (not in the schema) are allowed and reported by the reader.',
    type: 'object',
    properties,
    required,
    additionalProperties: true,
  };
}

/** JSON Schema of one raw event, generated from RAW_SCHEMA (the single source of truth). */
export const rawEventJsonSchema: Readonly<Record<string, unknown>> = buildRawEventJsonSchema();
