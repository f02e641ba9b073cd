import type { UserFeed } from './types.js';

/**
 * The stored value of a user's feed: `{"candidate_time","candidates","items":[{"rank","trackable_id","score"}]}`,
 * written as text by hand (one template per item, no intermediate objects): publishing encodes every
 * active user's feed, and JSON.stringify of the nested objects was most of the write time.
 */
export function encodeFeed(feed: UserFeed): string {
  let items = '';
  for (let i = 0; i < feed.items.length; i++) {
    const item = feed.items[i];
    if (!(Number.isFinite(item.score) && Number.isInteger(item.rank))) {
      throw new TypeError(
        `feed of user ${feed.user_id}: item ${i} has rank ${item.rank} and score ${item.score} (expected an integer and a finite number)`,
      );
    }
    if (i > 0) items += ',';
    items += `{"rank":${item.rank},"trackable_id":${JSON.stringify(item.trackable_id)},"score":${item.score}}`;
  }
  return `{"candidate_time":${JSON.stringify(feed.candidate_time)},"candidates":${feed.candidates},"items":[${items}]}`;
}

/** A stored value back as a feed of `userId`. */
export function decodeFeed(userId: string, body: string): UserFeed {
  const value = JSON.parse(body) as Omit<UserFeed, 'user_id'>;
  return { user_id: userId, ...value };
}
