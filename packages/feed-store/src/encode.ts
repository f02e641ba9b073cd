/**
 * The stored value of a user's feed. Format 2 (written since issue 15's speed work) is binary, ~270 bytes
 * for a top 10 of uuid posts instead of ~1 KB of JSON:
 *
 *   u8 format (2) | u8 flags (bit 0: ranks are 1..n, not stored) | u32 candidates | u8 n + candidate_time
 *   (UTF-8) | u16 items | per item: [u32 rank] f64 score, then the post id: u8 0 + 16 bytes (a lowercase
 *   canonical uuid) or u8 1 + u16 n + UTF-8 (any other id)
 *
 * (little-endian). Format 1, the JSON text `{"candidate_time","candidates","items":[{"rank","trackable_id",
 * "score"}]}`, is what earlier versions wrote (SQLite TEXT, Redis string starting with `{`): it still reads.
 * Both render to the same JSON text, byte for byte (scores are float64, printed as JavaScript prints them),
 * so the service's response does not depend on the format. An unknown format byte is a clear error.
 */
import type { UserFeed } from './types.js';

/** The format `encodeFeed` writes. */
export const FEED_FORMAT = 2;

const FLAG_DENSE_RANKS = 1;
const ID_UUID = 0;
const ID_TEXT = 1;

/** Hex digit value by char code (-1: not a lowercase hex digit). */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;
/** Two lowercase hex digits by byte value. */
const HEX_PAIR = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** Where the 4 dashes of a canonical uuid are. */
const DASHES = [8, 13, 18, 23];

/** Writes `id` as 16 bytes at `at` if it is a lowercase canonical uuid; false (nothing usable) otherwise. */
function writeUuid(id: string, out: Buffer, at: number): boolean {
  if (id.length !== 36) return false;
  for (const d of DASHES) if (id.charCodeAt(d) !== 45) return false;
  let c = 0;
  for (let b = 0; b < 16; b++) {
    if (c === 8 || c === 13 || c === 18 || c === 23) c++;
    const hi = id.charCodeAt(c);
    const lo = id.charCodeAt(c + 1);
    const h = hi < 128 ? HEX_VALUE[hi] : -1;
    const l = lo < 128 ? HEX_VALUE[lo] : -1;
    if (h < 0 || l < 0) return false;
    out[at + b] = (h << 4) | l;
    c += 2;
  }
  return true;
}

function readUuid(value: Buffer, at: number): string {
  const h = HEX_PAIR;
  const v = value;
  return (
    h[v[at]] +
    h[v[at + 1]] +
    h[v[at + 2]] +
    h[v[at + 3]] +
    '-' +
    h[v[at + 4]] +
    h[v[at + 5]] +
    '-' +
    h[v[at + 6]] +
    h[v[at + 7]] +
    '-' +
    h[v[at + 8]] +
    h[v[at + 9]] +
    '-' +
    h[v[at + 10]] +
    h[v[at + 11]] +
    h[v[at + 12]] +
    h[v[at + 13]] +
    h[v[at + 14]] +
    h[v[at + 15]]
  );
}

/** An upper bound of the encoded size of `feed` (UTF-8 takes at most 3 bytes per UTF-16 unit). */
function maxEncodedBytes(feed: UserFeed): number {
  let bytes = 9 + 3 * feed.candidate_time.length + 2;
  for (const item of feed.items) bytes += 4 + 8 + 3 + 3 * item.trackable_id.length;
  return bytes;
}

function invalid(feed: UserFeed, what: string): TypeError {
  return new TypeError(`feed of user ${feed.user_id}: ${what}`);
}

/** Writes `feed` at `at` of `out` (which has room for maxEncodedBytes); returns the end offset. */
function writeFeed(feed: UserFeed, out: Buffer, start: number): number {
  const items = feed.items;
  if (!(Number.isInteger(feed.candidates) && feed.candidates >= 0 && feed.candidates <= 0xffffffff)) {
    throw invalid(feed, `candidates must be an integer in [0, 2^32), got ${feed.candidates}`);
  }
  if (items.length > 0xffff) throw invalid(feed, `at most 65,535 items, got ${items.length}`);
  let dense = true;
  for (let i = 0; i < items.length; i++) {
    const { rank, score } = items[i];
    if (!(Number.isFinite(score) && Number.isInteger(rank) && rank >= 0 && rank <= 0xffffffff)) {
      throw invalid(
        feed,
        `item ${i} has rank ${rank} and score ${score} (expected an integer in [0, 2^32) and a finite number)`,
      );
    }
    if (rank !== i + 1) dense = false;
  }
  let at = start;
  out[at++] = FEED_FORMAT;
  out[at++] = dense ? FLAG_DENSE_RANKS : 0;
  out.writeUInt32LE(feed.candidates, at);
  at += 4;
  const timeBytes = out.write(feed.candidate_time, at + 1, 'utf8');
  if (timeBytes > 0xff) throw invalid(feed, 'candidate_time longer than 255 bytes');
  out[at] = timeBytes;
  at += 1 + timeBytes;
  out.writeUInt16LE(items.length, at);
  at += 2;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!dense) {
      out.writeUInt32LE(item.rank, at);
      at += 4;
    }
    out.writeDoubleLE(item.score, at);
    at += 8;
    if (writeUuid(item.trackable_id, out, at + 1)) {
      out[at] = ID_UUID;
      at += 17;
    } else {
      const bytes = out.write(item.trackable_id, at + 3, 'utf8');
      if (bytes > 0xffff) throw invalid(feed, `item ${i}: post id longer than 65,535 bytes`);
      out[at] = ID_TEXT;
      out.writeUInt16LE(bytes, at + 1);
      at += 3 + bytes;
    }
  }
  return at;
}

/** The stored value of one feed (format 2). Throws a TypeError naming the user on a bad rank or score. */
export function encodeFeed(feed: UserFeed): Buffer {
  const out = Buffer.allocUnsafe(maxEncodedBytes(feed));
  return out.subarray(0, writeFeed(feed, out, 0));
}

/**
 * The stored values of a batch of feeds, encoded into one fresh buffer (one allocation per batch, not per
 * feed); each value is a view of it. The buffer is never reused, so the values may be written
 * asynchronously (a Redis pipeline) after the next batch is encoded.
 */
export function encodeFeeds(feeds: readonly UserFeed[]): Buffer[] {
  let bytes = 0;
  for (const feed of feeds) bytes += maxEncodedBytes(feed);
  const out = Buffer.allocUnsafe(bytes);
  const values: Buffer[] = new Array(feeds.length);
  let at = 0;
  for (let f = 0; f < feeds.length; f++) {
    const end = writeFeed(feeds[f], out, at);
    values[f] = out.subarray(at, end);
    at = end;
  }
  return values;
}

/** A stored feed rendered as JSON text, and how many items it has. */
export interface FeedJson {
  /** `{"candidate_time":…,"candidates":…,"items":[{"rank":…,"trackable_id":…,"score":…},…]}` */
  readonly json: string;
  readonly items: number;
}

function corrupt(what: string): Error {
  return new Error(`stored feed is corrupt: ${what}`);
}

/** Items of a format-1 JSON text (one `"rank":` each), counted without parsing it. */
function countJsonItems(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"rank":'); at >= 0; at = text.indexOf('"rank":', at + 7)) count++;
  return count;
}

/**
 * Renders a stored value as the feed's JSON text without building objects: format 2 (binary) or format 1
 * (JSON text, as a string or its bytes: passed through). Throws on an unknown format, naming it.
 */
export function storedFeedJson(value: Buffer | string): FeedJson {
  if (typeof value === 'string') return { json: value, items: countJsonItems(value) };
  if (value.length === 0) throw corrupt('empty value');
  const format = value[0];
  if (format === 0x7b /* '{': format 1, JSON text */) {
    const json = value.toString('utf8');
    return { json, items: countJsonItems(json) };
  }
  if (format !== FEED_FORMAT) {
    throw new Error(
      `stored feed has format ${format}, which this version does not read (it reads formats 1 and ${FEED_FORMAT}): ` +
        'it was published by a newer version; publish again with this one or upgrade the reader',
    );
  }
  try {
    return renderFormatTwo(value);
  } catch (error) {
    // A read past the end (Buffer's RangeError): the value was cut short.
    if (error instanceof RangeError) throw corrupt(`truncated (${value.length} bytes)`);
    throw error;
  }
}

function renderFormatTwo(value: Buffer): FeedJson {
  if (value.length < 9) throw corrupt(`${value.length} bytes`);
  const dense = (value[1] & FLAG_DENSE_RANKS) !== 0;
  const candidates = value.readUInt32LE(2);
  const timeBytes = value[6];
  let at = 7 + timeBytes;
  const time = value.toString('utf8', 7, at);
  const n = value.readUInt16LE(at);
  at += 2;
  let json = `{"candidate_time":${JSON.stringify(time)},"candidates":${candidates},"items":[`;
  for (let i = 0; i < n; i++) {
    if (at + (dense ? 9 : 13) > value.length) throw corrupt(`item ${i} truncated`);
    let rank = i + 1;
    if (!dense) {
      rank = value.readUInt32LE(at);
      at += 4;
    }
    const score = value.readDoubleLE(at);
    at += 8;
    let id: string;
    if (value[at] === ID_UUID) {
      if (at + 17 > value.length) throw corrupt(`item ${i} truncated`);
      id = `"${readUuid(value, at + 1)}"`;
      at += 17;
    } else if (value[at] === ID_TEXT) {
      const bytes = value.readUInt16LE(at + 1);
      if (at + 3 + bytes > value.length) throw corrupt(`item ${i} truncated`);
      id = JSON.stringify(value.toString('utf8', at + 3, at + 3 + bytes));
      at += 3 + bytes;
    } else {
      throw corrupt(`item ${i} has post id kind ${value[at]}`);
    }
    json += `${i > 0 ? ',' : ''}{"rank":${rank},"trackable_id":${id},"score":${score}}`;
  }
  if (at !== value.length) throw corrupt(`${value.length - at} bytes after the last item`);
  return { json: `${json}]}`, items: n };
}

/** A feed's JSON text (a lookup's `body`) back as the feed of `userId`. */
export function decodeFeed(userId: string, body: string): UserFeed {
  const value = JSON.parse(body) as Omit<UserFeed, 'user_id'>;
  return { user_id: userId, ...value };
}
