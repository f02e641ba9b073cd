/**
 * The stored feed formats: format 2 (binary) round-trips every feed exactly and renders the same JSON
 * text as format 1 (the JSON earlier versions stored), which still reads; an unknown format or a
 * truncated value is a clear error, not a wrong answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFeed, encodeFeed, encodeFeeds, FEED_FORMAT, storedFeedJson } from './encode.js';
import type { UserFeed } from './types.js';

/** Format 1 exactly as earlier versions wrote it (the JSON text of {candidate_time, candidates, items}). */
function formatOne(feed: UserFeed): string {
  const items = feed.items.map(
    (item) =>
      `{"rank":${item.rank},"trackable_id":${JSON.stringify(item.trackable_id)},"score":${item.score}}`,
  );
  return `{"candidate_time":${JSON.stringify(feed.candidate_time)},"candidates":${feed.candidates},"items":[${items.join(',')}]}`;
}

const postId = fc.oneof(
  fc.uuid().map((id) => id.toLowerCase()),
  fc.uuid().map((id) => id.toUpperCase()), // not canonical lowercase: stored as text, case kept
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constant('8c0d3e5a-1f2b-4c3d-9e8f-0a1b2c3d4e5g'), // uuid-shaped, not hex
);

const feedArb: fc.Arbitrary<UserFeed> = fc
  .record({
    user_id: fc.string({ minLength: 1, maxLength: 40 }),
    candidate_time: fc.oneof(fc.constant('2023-01-29 08:12:45.123456+00:00'), fc.string({ maxLength: 60 })),
    candidates: fc.integer({ min: 0, max: 0xffffffff }),
    ids: fc.array(postId, { maxLength: 12 }),
    scores: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 12, maxLength: 12 }),
    denseRanks: fc.boolean(),
  })
  .map(({ user_id, candidate_time, candidates, ids, scores, denseRanks }) => ({
    user_id,
    candidate_time,
    candidates,
    items: ids.map((trackable_id, i) => ({
      rank: denseRanks ? i + 1 : 3 * i + 2,
      trackable_id,
      score: scores[i],
    })),
  }));

describe('stored feed format 2', () => {
  it('round-trips any feed and renders the JSON text format 1 held, byte for byte', () => {
    fc.assert(
      fc.property(feedArb, (feed) => {
        const { json, items } = storedFeedJson(encodeFeed(feed));
        expect(json).toBe(formatOne(feed));
        expect(items).toBe(feed.items.length);
        expect(decodeFeed(feed.user_id, json)).toEqual(JSON.parse(JSON.stringify(feed)));
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('encodes a batch into views that read back independently, and is compact', () => {
    const feeds = fc.sample(feedArb, { numRuns: 50, seed: 7 });
    const values = encodeFeeds(feeds);
    values.forEach((value, f) => {
      expect(value[0]).toBe(FEED_FORMAT);
      expect(storedFeedJson(value).json).toBe(formatOne(feeds[f]));
    });
    const uuid = '4169da46-2129-4663-a8c8-be92246253de';
    const top10: UserFeed = {
      user_id: uuid,
      candidate_time: '2023-01-29 00:00:23.409520+00:00',
      candidates: 2721,
      items: Array.from({ length: 10 }, (_, i) => ({
        rank: i + 1,
        trackable_id: uuid,
        score: 0.86 - i / 100,
      })),
    };
    expect(encodeFeed(top10).length).toBe(1 + 1 + 4 + 1 + 32 + 2 + 10 * (8 + 17));
    expect(encodeFeed(top10).length).toBeLessThan(formatOne(top10).length / 2.5);
  });

  it('refuses a feed it cannot store exactly, naming the user', () => {
    const bad = (items: UserFeed['items'], candidates = 5): UserFeed => ({
      user_id: 'u7',
      candidate_time: 't',
      candidates,
      items,
    });
    expect(() => encodeFeed(bad([{ rank: 1, trackable_id: 'p', score: Number.NaN }]))).toThrow(
      /user u7.*score NaN/,
    );
    expect(() => encodeFeed(bad([{ rank: 1.5, trackable_id: 'p', score: 1 }]))).toThrow(/rank 1\.5/);
    expect(() => encodeFeed(bad([], -1))).toThrow(/candidates/);
    expect(() => encodeFeeds([bad([]), bad([], 2 ** 32)])).toThrow(/user u7: candidates/);
  });
});

describe('reading stored values', () => {
  const feed: UserFeed = {
    user_id: 'u1',
    candidate_time: '2023-01-29 08:00:00.000000+00:00',
    candidates: 3,
    items: [
      { rank: 1, trackable_id: 'p1', score: 0.5 },
      { rank: 2, trackable_id: 'p2', score: 0.25 },
    ],
  };

  it('reads format 1 (JSON text, as SQLite TEXT or as Redis bytes) unchanged', () => {
    const text = formatOne(feed);
    expect(storedFeedJson(text)).toEqual({ json: text, items: 2 });
    expect(storedFeedJson(Buffer.from(text))).toEqual({ json: text, items: 2 });
  });

  it('fails clearly on a format it does not know and on a damaged value', () => {
    const value = Buffer.from(encodeFeed(feed));
    value[0] = 3;
    expect(() => storedFeedJson(value)).toThrow(/format 3.*reads formats 1 and 2.*newer version/);
    expect(() => storedFeedJson(Buffer.alloc(0))).toThrow(/corrupt: empty/);
    const whole = encodeFeed(feed);
    expect(() => storedFeedJson(whole.subarray(0, whole.length - 3))).toThrow(/corrupt/);
    expect(() => storedFeedJson(Buffer.concat([whole, Buffer.of(0)]))).toThrow(/corrupt: 1 bytes after/);
  });
});
