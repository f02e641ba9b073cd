/**
 * Who saw which post when: a ring of the most recent impressions, chained per viewer (newest first).
 * Answers "how many times did she see this post strictly before t, and did she open it" for the
 * click model and the ground truth. Memory is bounded by the ring; posts older than the ring are
 * never shown again, so no answer needs an overwritten entry.
 */
export class ViewHistory {
  readonly capacity: number;
  private written = 0;
  private readonly post: Int32Array;
  private readonly time: Float64Array;
  private readonly opened: Uint8Array;
  /** Global number of the previous entry of the same viewer, -1 = none (int32: up to 2^31 impressions). */
  private readonly previous: Int32Array;
  /** Global number of each viewer's newest entry, -1 = none. */
  private readonly head: Int32Array;

  constructor(capacity: number, viewers: number) {
    this.capacity = capacity;
    this.post = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.opened = new Uint8Array(capacity);
    this.previous = new Int32Array(capacity);
    this.head = new Int32Array(viewers).fill(-1);
  }

  /** Records an impression. */
  record(viewer: number, post: number, micros: number, opened: boolean): void {
    const g = this.written++;
    const s = g % this.capacity;
    this.post[s] = post;
    this.time[s] = micros;
    this.opened[s] = opened ? 1 : 0;
    this.previous[s] = this.head[viewer];
    this.head[viewer] = g;
  }

  /**
   * Earlier views of `post` by `viewer` strictly before `micros`, as views * 2 + (opened any ? 1 : 0).
   */
  earlier(viewer: number, post: number, micros: number): number {
    let views = 0;
    let opened = 0;
    const oldest = this.written - this.capacity;
    for (let g = this.head[viewer]; g >= 0 && g >= oldest; g = this.previous[g % this.capacity]) {
      const s = g % this.capacity;
      if (this.post[s] === post && this.time[s] < micros) {
        views++;
        opened |= this.opened[s];
      }
    }
    return views * 2 + opened;
  }

  /**
   * Earlier views strictly before `micros` of every post in [firstPost, firstPost + views.length),
   * added into `views` (count) and `opened` (0/1) by offset from firstPost.
   */
  earlierInRange(
    viewer: number,
    firstPost: number,
    micros: number,
    views: Uint16Array,
    opened: Uint8Array,
  ): void {
    const oldest = this.written - this.capacity;
    const n = views.length;
    for (let g = this.head[viewer]; g >= 0 && g >= oldest; g = this.previous[g % this.capacity]) {
      const s = g % this.capacity;
      const k = this.post[s] - firstPost;
      if (k >= 0 && k < n && this.time[s] < micros) {
        views[k]++;
        opened[k] |= this.opened[s];
      }
    }
  }
}
