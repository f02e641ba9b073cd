/**
 * Traffic of a log, as an A/B test randomised by user would see it: for every test duration L (in days),
 * averaged over every window of L consecutive days, the users and impressions in the window, the mean
 * impressions per user m, the intra-user correlation of opens (ICC, one-way ANOVA estimator for clusters
 * of unequal sizes) and the design effect measured directly as the ratio of the user-level (delta-method)
 * variance of the CTR to the binomial variance of as many independent impressions. Both grow with L: a
 * longer test sees the same users again, so each extra impression carries less new information.
 *
 * One sweep per window start over per-(user, day) cells, O(cells x days).
 */
import { addUnit, emptyRatioSums, ratioEstimate, replaceUnit } from './ratio.js';
import { dayToDate, ExperimentInputError } from './table.js';

/** Impressions of a log: one row per impression (user code, UTC day, opened 0/1). */
export interface TrafficLog {
  readonly length: number;
  readonly user: Int32Array;
  readonly day: Int32Array;
  readonly opens: Uint8Array | Int32Array;
  readonly userCount?: number;
}

/** One calendar day of the log. */
export interface TrafficDay {
  day: number;
  date: string;
  users: number;
  impressions: number;
  opens: number;
}

/** Traffic of a test lasting `days` days (means over every window of that length in the log). */
export interface TrafficWindow {
  days: number;
  /** Windows of this length averaged. */
  windows: number;
  users: number;
  impressions: number;
  opens: number;
  ctr: number;
  /** impressions / users. */
  impressionsPerUser: number;
  /** Squared coefficient of variation of impressions per user. */
  impressionsPerUserCv2: number;
  /** Intra-user correlation of opens (ANOVA estimator). */
  icc: number;
  /** 1 + (m - 1) ICC with m = impressionsPerUser: the textbook design effect of equal clusters. */
  designEffectFromIcc: number;
  /** Delta-method variance / binomial variance of the window's CTR: the design effect the analysis will see. */
  designEffect: number;
}

export interface TrafficProfile {
  firstDate: string;
  lastDate: string;
  daily: TrafficDay[];
  /** Means per day over the profile's days. */
  usersPerDay: number;
  impressionsPerDay: number;
  /** Overall CTR of the profile's days. */
  ctr: number;
  /** windows[L - 1] describes a test of L days, L = 1 .. daily.length. */
  windows: TrafficWindow[];
}

/**
 * The traffic profile of `log` over the UTC days `firstDay..lastDay` (inclusive; rows outside are left
 * out). Days without impressions inside the range count as days with no traffic.
 */
export function trafficProfile(log: TrafficLog, firstDay: number, lastDay: number): TrafficProfile {
  if (!(Number.isInteger(firstDay) && Number.isInteger(lastDay) && firstDay <= lastDay))
    throw new RangeError(`expected integer days firstDay <= lastDay, got ${firstDay}..${lastDay}`);
  const dayCount = lastDay - firstDay + 1;
  let userCount = log.userCount ?? 0;
  if (log.userCount === undefined)
    for (let i = 0; i < log.length; i++) userCount = Math.max(userCount, log.user[i] + 1);

  // Rows of each day (counting sort), then one cell per (user, day).
  const offsets = new Int32Array(dayCount + 1);
  for (let i = 0; i < log.length; i++) {
    const d = log.day[i] - firstDay;
    if (d >= 0 && d < dayCount) offsets[d + 1]++;
  }
  if (offsets.every((c) => c === 0))
    throw new ExperimentInputError(
      `no impressions between ${dayToDate(firstDay)} and ${dayToDate(lastDay)}: no traffic to plan with`,
    );
  for (let d = 0; d < dayCount; d++) offsets[d + 1] += offsets[d];
  const order = new Int32Array(offsets[dayCount]);
  const fill = offsets.slice(0, dayCount);
  for (let i = 0; i < log.length; i++) {
    const d = log.day[i] - firstDay;
    if (d >= 0 && d < dayCount) order[fill[d]++] = i;
  }
  const n = new Float64Array(userCount);
  const y = new Float64Array(userCount);
  const cellOffsets = new Int32Array(dayCount + 1);
  const cellUser: number[] = [];
  const cellN: number[] = [];
  const cellY: number[] = [];
  const daily: TrafficDay[] = [];
  const touched: number[] = [];
  for (let d = 0; d < dayCount; d++) {
    touched.length = 0;
    let opens = 0;
    for (let j = offsets[d]; j < offsets[d + 1]; j++) {
      const i = order[j];
      const u = log.user[i];
      if (n[u] === 0) touched.push(u);
      n[u]++;
      y[u] += log.opens[i];
      opens += log.opens[i];
    }
    for (const u of touched) {
      cellUser.push(u);
      cellN.push(n[u]);
      cellY.push(y[u]);
      n[u] = 0;
      y[u] = 0;
    }
    cellOffsets[d + 1] = cellUser.length;
    daily.push({
      day: firstDay + d,
      date: dayToDate(firstDay + d),
      users: touched.length,
      impressions: offsets[d + 1] - offsets[d],
      opens,
    });
  }

  // Every window [s, s + L - 1]: grow L from each start s, updating the per-user totals incrementally.
  const sums = new Array(dayCount).fill(null).map(() => ({
    windows: 0,
    users: 0,
    impressions: 0,
    opens: 0,
    cv2: 0,
    icc: 0,
    iccFormula: 0,
    designEffect: 0,
    designEffectWindows: 0,
  }));
  const users: number[] = [];
  for (let s = 0; s < dayCount; s++) {
    const ratio = emptyRatioSums();
    // sum_u y_u^2 / n_u: the between-user sum of squares of the ANOVA.
    let between = 0;
    for (let L = 1; s + L - 1 < dayCount; L++) {
      const d = s + L - 1;
      for (let c = cellOffsets[d]; c < cellOffsets[d + 1]; c++) {
        const u = cellUser[c];
        const n0 = n[u];
        const y0 = y[u];
        if (n0 === 0) users.push(u);
        else between -= (y0 * y0) / n0;
        n[u] = n0 + cellN[c];
        y[u] = y0 + cellY[c];
        between += (y[u] * y[u]) / n[u];
        if (n0 === 0) addUnit(ratio, y[u], n[u]);
        else replaceUnit(ratio, y0, n0, y[u], n[u]);
      }
      if (ratio.units === 0) continue;
      const acc = sums[L - 1];
      acc.windows++;
      acc.users += ratio.units;
      acc.impressions += ratio.denominator;
      acc.opens += ratio.numerator;
      const m = ratio.denominator / ratio.units;
      acc.cv2 += ratio.nn / ratio.units / (m * m) - 1;
      const icc = anovaIcc(ratio.units, ratio.denominator, ratio.numerator, ratio.nn, between);
      acc.icc += icc;
      acc.iccFormula += 1 + (m - 1) * icc;
      const estimate = ratioEstimate(ratio);
      const de = estimate.variance / estimate.naiveVariance;
      if (Number.isFinite(de)) {
        acc.designEffect += de;
        acc.designEffectWindows++;
      }
    }
    for (const u of users) {
      n[u] = 0;
      y[u] = 0;
    }
    users.length = 0;
  }
  const windows: TrafficWindow[] = sums.map((acc, i) => {
    const w = acc.windows || Number.NaN;
    return {
      days: i + 1,
      windows: acc.windows,
      users: acc.users / w,
      impressions: acc.impressions / w,
      opens: acc.opens / w,
      ctr: acc.opens / acc.impressions,
      impressionsPerUser: acc.impressions / acc.users,
      impressionsPerUserCv2: acc.cv2 / w,
      icc: acc.icc / w,
      designEffectFromIcc: acc.iccFormula / w,
      designEffect: acc.designEffect / (acc.designEffectWindows || Number.NaN),
    };
  });
  const totalImpressions = offsets[dayCount];
  const totalOpens = daily.reduce((s, d) => s + d.opens, 0);
  return {
    firstDate: dayToDate(firstDay),
    lastDate: dayToDate(lastDay),
    daily,
    usersPerDay: daily.reduce((s, d) => s + d.users, 0) / dayCount,
    impressionsPerDay: totalImpressions / dayCount,
    ctr: totalOpens / totalImpressions,
    windows,
  };
}

/**
 * One-way ANOVA estimator of the intra-cluster correlation of a binary outcome with clusters of unequal
 * sizes: (MSB - MSW) / (MSB + (n0 - 1) MSW), n0 = (N - sum n_u^2 / N) / (U - 1).
 * `between` is sum_u y_u^2 / n_u. NaN with fewer than 2 users or no within-user replication.
 */
export function anovaIcc(
  users: number,
  impressions: number,
  opens: number,
  sumN2: number,
  between: number,
): number {
  if (users < 2 || impressions <= users) return Number.NaN;
  const ssb = between - (opens * opens) / impressions;
  const ssw = opens - between;
  const msb = ssb / (users - 1);
  const msw = ssw / (impressions - users);
  const n0 = (impressions - sumN2 / impressions) / (users - 1);
  const denominator = msb + (n0 - 1) * msw;
  return denominator > 0 ? (msb - msw) / denominator : Number.NaN;
}
