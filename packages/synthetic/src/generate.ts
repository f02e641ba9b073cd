/**
 * generateSyntheticLog: simulates the app day by day and streams the impression log (and, optionally,
 * its ground truth) to disk. Memory holds the members, the posts of the last days, the recent view
 * history and one day of impressions: never the whole log.
 *
 * Each day (simulation.ts, one step per method): posts are created (authors, media, appeal, planned
 * exposure); members open feed sessions at diurnal times; the old feed fills each session from recent
 * posts (fresh first, sometimes a post she saw before); each impression is opened with the ground-truth
 * probability (click-model.ts). The day's impressions are then written in time order, a few exact
 * duplicate lines included. Lines per day: day-budgets.ts.
 */
import { AtomicGzipLineWriter } from './gzip-lines.js';
import { resolveSyntheticOptions, type SyntheticLogOptions } from './options.js';
import { Simulation } from './simulation.js';
import { GroundTruthWriter } from './truth-writer.js';

/** What a generation produced. */
export interface SyntheticLogStats {
  readonly out: string;
  readonly truth: string | null;
  readonly seed: number;
  readonly start: string;
  readonly days: number;
  /** Lines written (exact duplicates included). */
  readonly rows: number;
  readonly duplicates: number;
  readonly opened: number;
  /** Opened share of the unique impressions. */
  readonly openRate: number;
  /** Distinct viewers and distinct posts in the log. */
  readonly users: number;
  readonly posts: number;
  /** Size of the simulated app. */
  readonly members: number;
  readonly postsCreated: number;
  /** Feed slots no planned post could fill (shown the freshest post instead). */
  readonly feedFallbacks: number;
  readonly firstImpression: string | null;
  readonly lastImpression: string | null;
  /** Ground-truth groups saved, and the (viewer, post) pairs they make evaluable. */
  readonly truthGroups: {
    readonly userDay: number;
    readonly events: number;
    readonly candidatePairs: number;
  } | null;
  readonly seconds: number;
}

/** Generates the synthetic log described by `options` and returns what it wrote. */
export async function generateSyntheticLog(options: SyntheticLogOptions): Promise<SyntheticLogStats> {
  const o = resolveSyntheticOptions(options);
  const started = performance.now();
  const writer = new AtomicGzipLineWriter(o.out);
  const truth = o.truth
    ? new GroundTruthWriter(o.truth, {
        rows: o.rows,
        seed: o.seed,
        start: o.start,
        days: o.days,
        members: o.members,
      })
    : null;
  try {
    const stats = await new Simulation(o, writer, truth).run();
    await writer.close();
    truth?.close();
    return { ...stats, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await writer.abort();
    truth?.abort();
    throw error;
  }
}
