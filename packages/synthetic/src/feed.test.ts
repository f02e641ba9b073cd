import { MICROS_PER_HOUR, Rng } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { FeedPool } from './feed.js';
import { PostStore } from './posts.js';

/** A store of `capacity` slots into which `created` posts were written in order, one per hour. */
function ring(capacity: number, created: number): PostStore {
  const store = new PostStore(capacity, 3);
  for (let post = 0; post < created; post++) {
    const s = store.slot(post);
    store.creation[s] = post * MICROS_PER_HOUR;
    store.quota[s] = 5;
    store.authorStage[s] = 0;
  }
  store.created = created;
  return store;
}

describe('FeedPool.pick', () => {
  it('never returns a post whose ring slot a newer post has taken (no negative post age)', () => {
    // Post 0 entered the pool, then post 2 took its slot (capacity 2) and was created at hour 2: a pick
    // at hour 1 reading slot 0 would see a post created an hour in the future.
    const posts = ring(2, 3);
    for (let seed = 0; seed < 50; seed++) {
      const pool = new FeedPool();
      pool.add(0, 3);
      const picked = pool.pick(new Rng(seed), posts, 1 * MICROS_PER_HOUR, 0, 1);
      expect(picked).toBe(1); // the fallback: the freshest post already created
      expect(pool.size).toBe(0);
      expect(pool.fallbacks).toBe(1);
    }
  });

  it('picks a live post of the pool and spends one unit of its quota', () => {
    const posts = ring(4, 3);
    const pool = new FeedPool();
    pool.add(2, 1);
    let picked = -1;
    for (let seed = 0; picked !== 2 && seed < 50; seed++)
      picked = pool.pick(new Rng(seed), posts, 2.5 * MICROS_PER_HOUR, 0, 2);
    expect(picked).toBe(2);
    expect(posts.quota[posts.slot(2)]).toBe(4);
    expect(pool.size).toBe(0);
  });
});
