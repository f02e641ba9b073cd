/** Small-integer codes of the column kinds, for switch-on-int hot loops (internal to both row builders). */
import type { ColumnKind } from './schema.js';

export const KIND_ID = 0;
export const KIND_CATEGORY = 1;
export const KIND_TIMESTAMP = 2;
export const KIND_BOOL = 3;
export const KIND_INT = 4;
export const KIND_FLOAT = 5;
export const KIND_INT_LIST = 6;
export const KIND_CODE: Record<ColumnKind, number> = {
  id: KIND_ID,
  category: KIND_CATEGORY,
  timestamp: KIND_TIMESTAMP,
  bool: KIND_BOOL,
  int: KIND_INT,
  float: KIND_FLOAT,
  intList: KIND_INT_LIST,
};
