/**
 * The live log: events validated like raw rows (all or nothing, the bad field named), duplicates of the
 * snapshot or of earlier events ignored, copy-on-write views, and an ingested open moving the post's
 * popularity features as the featuriser computes them.
 */
import { formatTimestampMicros, parseTimestampMicros, type RawEventJson } from '@wemoms/data-schema';
import { featurize } from '@wemoms/features';
import { afterEach, describe, expect, it } from 'vitest';
import { EventError, LiveLog } from './live-log.js';
import { smallLog } from './testing/small-log.js';

const logs: LiveLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

async function live(refreshIntervalMs = 60_000) {
  const { view, lines } = await smallLog();
  const log = new LiveLog(view, { refreshIntervalMs });
  logs.push(log);
  return { log, view, lines };
}

/** A new impression of `template`'s post by `template`'s user, `minutes` after its time. */
function laterEvent(template: RawEventJson, minutes: number, opened: boolean): RawEventJson {
  const time = parseTimestampMicros(template.tracker_created_at) + minutes * 60e6;
  return {
    ...template,
    tracker_created_at: formatTimestampMicros(time),
    post_age_in_minutes: template.post_age_in_minutes + minutes,
    has_been_opened: opened,
  };
}

describe('LiveLog', () => {
  it('starts as the snapshot itself: the same log, catalog and feature context objects', async () => {
    const { log, view } = await live();
    expect(log.view.log).toBe(view.log);
    expect(log.view.features).toBe(view.features);
    expect(log.view).toMatchObject({ version: 0, events: 0 });
    expect(log.view.userCode(view.log.columns.user_id.dictionary[3])).toBe(3);
    expect(log.view.userCode('nobody')).toBe(-1);
  });

  it('rejects a batch with a bad event, naming its index and field, and ingests none of it', async () => {
    const { log, lines } = await live();
    const bad = { ...lines[1], has_been_opened: 'yes' };
    let error: unknown;
    try {
      log.ingest([laterEvent(lines[0], 5, true), bad]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventError);
    expect(error).toMatchObject({ index: 1, field: 'has_been_opened' });
    expect((error as Error).message).toBe('events[1]: column has_been_opened: expected a boolean, got "yes"');
    const missing = { ...lines[1] } as Record<string, unknown>;
    delete missing.user_id;
    expect(() => log.ingest([missing])).toThrow(
      /events\[0\]: column user_id: expected a non-empty string id/,
    );
    expect(() => log.ingest([{ ...lines[2], tracker_created_at: 'yesterday' }])).toThrow(
      /column tracker_created_at: expected a timestamp/,
    );
    expect(log.pending).toBe(0);
    expect(log.events).toEqual([]);
  });

  it('ignores events already in the snapshot or received before', async () => {
    const { log, lines } = await live();
    const fresh = laterEvent(lines[10], 7, false);
    expect(log.ingest([lines[10], fresh, fresh])).toEqual({ accepted: 1, duplicates: 2, opens: 0 });
    expect(log.ingest([fresh])).toEqual({ accepted: 0, duplicates: 1, opens: 0 });
    expect(log.pending).toBe(1);
  });

  it('rebuilds a new view with the events (the old view unchanged) and moves the post popularity features', async () => {
    const { log, view, lines } = await live();
    // A post seen a few times; query just after the last of its logged impressions.
    const template = lines.find((l) => l.has_been_opened === false) as RawEventJson;
    const post = view.log.columns.trackable_id.dictionary.indexOf(template.trackable_id);
    const user = view.log.columns.user_id.dictionary.indexOf(template.user_id);
    const at = parseTimestampMicros(template.tracker_created_at) + 3 * 3600e6;
    const query = {
      length: 1,
      user: Int32Array.of(user),
      post: Int32Array.of(post),
      time: Float64Array.of(at),
    };
    const popularity = (v: typeof view) => featurize(v.features, { ...query }, ['postPopularity']).columns;
    const before = popularity(view);
    const opensBefore = (before.post_pop_opens_1d as Float32Array)[0];

    const old = log.view;
    const events = [1, 2, 3].map((k) => laterEvent(template, 10 * k, true));
    expect(log.ingest(events)).toEqual({ accepted: 3, duplicates: 0, opens: 3 });
    expect(log.view).toBe(old);
    const next = await log.fresh();
    expect(next).not.toBe(old);
    expect(next).toMatchObject({ version: 1, events: 3 });
    expect(next.log.length).toBe(view.log.length + 3);
    expect(old.log.length).toBe(view.log.length);
    expect(log.pending).toBe(0);
    const after = popularity(next);
    expect((after.post_pop_opens_1d as Float32Array)[0]).toBe(opensBefore + 3);
    expect((after.post_pop_views_1d as Float32Array)[0]).toBe(
      (before.post_pop_views_1d as Float32Array)[0] + 3,
    );
    // The snapshot's features are what they were.
    expect((popularity(view).post_pop_opens_1d as Float32Array)[0]).toBe(opensBefore);
  });

  it('rebuilds by itself within the refresh interval, and a new user becomes known', async () => {
    const { log, lines } = await live(20);
    const stranger = { ...laterEvent(lines[5], 1, true), user_id: 'a-brand-new-user' };
    log.ingest([stranger]);
    expect(log.view.userCode('a-brand-new-user')).toBe(-1);
    // No explicit rebuild: the timer (every 20 ms) must do it. Polled rather than one fixed sleep, since a
    // rebuild on a loaded machine can take longer than any short wait; 10 s is far beyond 20 ms.
    for (const deadline = Date.now() + 10_000; log.view.events === 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.view.events).toBe(1);
    expect(log.view.userCode('a-brand-new-user')).toBeGreaterThanOrEqual(0);
  });
});
