/**
 * Parquet's RLE / bit-packed hybrid encoding (definition and repetition levels, dictionary indices,
 * RLE booleans), on typed arrays: runs of 8+ equal values as RLE runs, the rest as bit-packed groups.
 */

/** An upper bound of the encoded size of `count` values of `bitWidth` bits. */
export function rleBitPackedHybridBound(count: number, bitWidth: number): number {
  // Worst case alternates one bit-packed group (header + bitWidth bytes) and short RLE runs.
  return Math.ceil(count / 8) * (bitWidth + 10) + 16;
}

function writeVarInt(out: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v > 0x7f) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

/** Bit-packs values[start, start + groups * 8) (zeros past `end`) LSB first; returns the next offset. */
function packGroups(
  values: ArrayLike<number>,
  start: number,
  end: number,
  groups: number,
  bitWidth: number,
  out: Uint8Array,
  at: number,
): number {
  const stop = start + groups * 8;
  if (bitWidth <= 24) {
    // buffer holds < 8 pending bits plus one value: fits a 32-bit int.
    let buffer = 0;
    let bits = 0;
    for (let i = start; i < stop; i++) {
      buffer |= (i < end ? values[i] : 0) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out[at++] = buffer & 0xff;
        buffer >>>= 8;
        bits -= 8;
      }
    }
    return at;
  }
  // Wide values (indices of huge dictionaries): plain arithmetic up to 2^40 stays exact.
  let buffer = 0;
  let bits = 0;
  for (let i = start; i < stop; i++) {
    buffer += (i < end ? values[i] >>> 0 : 0) * 2 ** bits;
    bits += bitWidth;
    while (bits >= 8) {
      out[at++] = buffer % 256;
      buffer = Math.floor(buffer / 256);
      bits -= 8;
    }
  }
  return at;
}

/**
 * Encodes values[start, end) (non-negative, < 2^bitWidth) into `out` at `at`; returns the next
 * offset. `out` must hold rleBitPackedHybridBound(end - start, bitWidth) bytes from `at`.
 */
export function encodeRleBitPackedHybrid(
  values: ArrayLike<number>,
  start: number,
  end: number,
  bitWidth: number,
  out: Uint8Array,
  at: number,
): number {
  const width = (bitWidth + 7) >> 3;
  let pendingStart = start;
  let pendingGroups = 0;
  let i = start;
  while (i < end) {
    const v = values[i];
    let run = 1;
    while (i + run < end && values[i + run] === v) run++;
    if (run >= 8) {
      if (pendingGroups > 0) {
        at = writeVarInt(out, at, (pendingGroups << 1) | 1);
        at = packGroups(values, pendingStart, end, pendingGroups, bitWidth, out, at);
        pendingGroups = 0;
      }
      at = writeVarInt(out, at, run * 2);
      for (let b = 0; b < width; b++) out[at++] = (v >>> (b * 8)) & 0xff;
      i += run;
    } else {
      if (pendingGroups === 0) pendingStart = i;
      pendingGroups++;
      i += 8;
    }
  }
  if (pendingGroups > 0) {
    at = writeVarInt(out, at, (pendingGroups << 1) | 1);
    at = packGroups(values, pendingStart, end, pendingGroups, bitWidth, out, at);
  }
  return at;
}

/**
 * Decodes `count` values of `bitWidth` bits from bytes[at, limit) into out[0, count); returns the offset
 * after the last run read. Throws on truncated input.
 */
export function decodeRleBitPackedHybrid(
  bytes: Uint8Array,
  at: number,
  limit: number,
  bitWidth: number,
  out: Int32Array | Uint8Array,
  count: number,
): number {
  const width = (bitWidth + 7) >> 3;
  const mask = bitWidth >= 32 ? 0xffffffff : (1 << bitWidth) - 1;
  let seen = 0;
  while (seen < count) {
    if (at >= limit) throw new RangeError('parquet RLE/bit-packed data ends early');
    let header = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++];
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (header % 2 === 0) {
      const run = Math.min(header / 2, count - seen);
      let value = 0;
      for (let b = 0; b < width; b++) value |= bytes[at++] << (b * 8);
      out.fill(value, seen, seen + run);
      seen += run;
    } else {
      const values = ((header - 1) / 2) * 8;
      const byteLength = (values * bitWidth) / 8;
      if (at + byteLength > limit) throw new RangeError('parquet bit-packed run ends early');
      const take = Math.min(values, count - seen);
      if (bitWidth <= 24) {
        let buffer = 0;
        let bits = 0;
        let p = at;
        for (let k = 0; k < take; k++) {
          while (bits < bitWidth) {
            buffer |= bytes[p++] << bits;
            bits += 8;
          }
          out[seen++] = buffer & mask;
          buffer >>>= bitWidth;
          bits -= bitWidth;
        }
      } else {
        let bitAt = at * 8;
        for (let k = 0; k < take; k++) {
          let value = 0;
          for (let b = 0; b < bitWidth; b++, bitAt++) {
            if (bytes[bitAt >> 3] & (1 << (bitAt & 7))) value += 2 ** b;
          }
          out[seen++] = value;
        }
      }
      at += byteLength;
    }
  }
  return at;
}
