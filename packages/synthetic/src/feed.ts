/**
 * The old feed that produced the log: a pool of the planned impressions of recent posts (each post
 * enters once per unit of its quota: most posts are shown once in the logged sample, popular ones
 * more, so a post is drawn in proportion to what it has left). A slot is filled by rejection sampling
 * from the pool, favouring fresh posts and, mildly, posts of the viewer's own maternity stage (the old
 * feed was not random: that exposure bias is part of a realistic log).
 */

import type { Rng } from '@wemoms/data-schema';
import { MICROS_PER_HOUR } from '@wemoms/data-schema';
import type { PostStore } from './posts.js';

/** Posts older than this are never shown. */
export const MAX_POST_AGE_HOURS = 7 * 24;
/** Freshness scale of the old feed's exposure (hours). */
const FRESHNESS_HOURS = 14;
const MAX_ATTEMPTS = 200;

export class FeedPool {
  private items = new Int32Array(1024);
  size = 0;
  /** Slots no pool post could fill (fell back to the freshest post, over its quota). */
  fallbacks = 0;

  /** Enters the `units` planned impressions of a post. */
  add(post: number, units: number): void {
    while (this.size + units > this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    for (let k = 0; k < units; k++) this.items[this.size++] = post;
  }

  private removeAt(i: number): void {
    this.items[i] = this.items[--this.size];
  }

  /**
   * Picks the post for one impression at `micros` for a viewer at `viewerStage`, spends one unit of its
   * quota, and returns it; `newest` is the freshest post already created (the fallback).
   */
  pick(rng: Rng, posts: PostStore, micros: number, viewerStage: number, newest: number): number {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && this.size > 0; attempt++) {
      const i = rng.int(this.size);
      const post = this.items[i];
      // A post whose ring slot a newer post took is gone: reading the slot would give the newer post's
      // creation time (a negative post age when that post is created after `micros`).
      if (!posts.isLive(post)) {
        this.removeAt(i);
        continue;
      }
      const s = posts.slot(post);
      const ageHours = (micros - posts.creation[s]) / MICROS_PER_HOUR;
      if (ageHours > MAX_POST_AGE_HOURS || posts.quota[s] <= 0) {
        this.removeAt(i);
        continue;
      }
      const freshness = 0.03 + 0.97 * Math.exp(-ageHours / FRESHNESS_HOURS);
      const personal = posts.authorStage[s] === viewerStage ? 1 : 0.6;
      if (rng.float() >= freshness * personal) continue;
      posts.quota[s]--;
      this.removeAt(i);
      return post;
    }
    this.fallbacks++;
    return newest;
  }
}
