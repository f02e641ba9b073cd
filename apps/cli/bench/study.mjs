#!/usr/bin/env node
/**
 * Feature / train-filter / model study (issues 13 and 19): runs `wemoms pipeline` once per variant on the
 * same raw log (each in its own workdir under OUT, the raw log and its truth linked in), then prints one
 * table of what decides a variant: the eval days (val log loss and AUC of the saved model; MAP@10 and
 * NDCG@10 over eval-day impression groups, two ways: "rows", her eval-day impressions with at least one
 * opened and one unopened, each scored with its own row's features (her activity features change
 * within the day, so this also rewards guessing when in the day she opens); "impressions", exactly the
 * test `impressions` grouping on the eval days: the posts of the day before she was shown, featurised as
 * of her first impression of the day, the way the product ranks), the test days (impressions MAP@10 / NDCG@10, userDay simulatedCtr@10 beside
 * the observable ceiling and the oracle) and the product figures (distinct posts in the userDay top 10s per
 * day, users with their own #1). Writes OUT/study.json.
 *
 *   pnpm build && node apps/cli/bench/study.mjs --raw DIR --out OUT \
 *     [--bin apps/cli/dist/bin.js] [--reuse] name='{"model":{"hiddenSizes":[32]}}' other='{...}'
 *
 * DIR holds the raw log (WeMoms_MLE_hiring_test_2023.json.gzip) and, for synthetic logs, truth/. Each
 * variant is a name and the JSON wemoms.config.json of its workdir. `--bin` runs another build of the
 * CLI (e.g. a checkout of an earlier commit) on the same log; the eval-day figures always come from this
 * checkout's packages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDay, readParquet, readRawTableParquet, utcDay } from '@wemoms/data-schema';
import { buildPostCatalog, buildTestGroups, expandCandidates } from '@wemoms/dataset';
import { CATEGORIES, createFeatureContext, featurizeCandidates } from '@wemoms/features';
import { evaluateRanking, logLoss, rocAuc } from '@wemoms/metrics';
import { loadRanker, selectBackend } from '@wemoms/model/node';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const raw = resolve(option('--raw', ''));
const out = resolve(option('--out', ''));
const bin = resolve(option('--bin', fileURLToPath(new URL('../dist/bin.js', import.meta.url))));
// --reuse: measure a variant's existing workdir (reports/metrics.json present) instead of running it again.
const reuse = args.includes('--reuse');
if (reuse) args.splice(args.indexOf('--reuse'), 1);
const variants = args.map((a) => {
  const eq = a.indexOf('=');
  if (eq < 0) throw new Error(`variant ${a}: expected name=JSON`);
  return { name: a.slice(0, eq), config: JSON.parse(a.slice(eq + 1)) };
});
if (!existsSync(raw) || variants.length === 0) {
  console.error('usage: study.mjs --raw DIR --out OUT [--bin CLI] name=JSON ...');
  process.exit(2);
}

/** Eval rows of the merged features scored by the saved model, grouped per (user, eval day). */
async function evalDays(workdir, modelName) {
  const ranker = await loadRanker(join(workdir, 'models', modelName));
  const table = await readParquet(join(workdir, 'data/processed/features.parquet'));
  const split = table.columns.split;
  const evalCode = split.dictionary.indexOf('eval');
  const rows = [];
  for (let i = 0; i < table.length; i++) if (split.codes[i] === evalCode) rows.push(i);
  const columns = {};
  for (const spec of ranker.preprocessing.featureSpecs) {
    const c = table.columns[spec.name];
    columns[spec.name] =
      c instanceof Float32Array
        ? Float32Array.from(rows, (r) => c[r])
        : { codes: Int32Array.from(rows, (r) => c.codes[r]), dictionary: c.dictionary };
  }
  const scores = ranker.score(columns);
  const labels = Uint8Array.from(rows, (r) => table.columns.label[r]);
  const users = table.columns.user_id;
  const posts = table.columns.trackable_id;
  const time = table.columns.tracker_created_at;
  const rank = new Map([...posts.dictionary].sort().map((id, i) => [id, i]));
  const age = table.columns.post_age_hours;
  /**
   * Impression groups: (user, day) with at least one open and one non-open, rows contiguous; with
   * `yesterday`, only her impressions of posts created the day before (the test `impressions` grouping).
   */
  const ranking = (yesterday) => {
    const byGroup = new Map();
    rows.forEach((r, i) => {
      const t = Number(time[r]);
      const day = utcDay(t);
      if (yesterday && utcDay(t - age[r] * 3_600_000_000) !== day - 1) return;
      const key = `${users.codes[r]}|${day}`;
      if (!byGroup.has(key)) byGroup.set(key, []);
      byGroup.get(key).push(i);
    });
    const order = [];
    const offsets = [0];
    for (const members of byGroup.values()) {
      const opens = members.reduce((s, i) => s + labels[i], 0);
      if (opens === 0 || opens === members.length) continue;
      order.push(...members);
      offsets.push(order.length);
    }
    const { metrics } = evaluateRanking(
      {
        offsets: Int32Array.from(offsets),
        scores: Float32Array.from(order, (i) => scores[i]),
        labels: Uint8Array.from(order, (i) => labels[i]),
        tieKeys: Int32Array.from(order, (i) => rank.get(posts.dictionary[posts.codes[rows[i]]])),
      },
      { k: 10 },
    );
    return { groups: offsets.length - 1, map: metrics['map@10'], ndcg: metrics['ndcg@10'] };
  };
  const all = ranking(false);
  const yesterday = ranking(true);
  const served = await evalDaysAsServed(workdir, ranker);
  return {
    valRows: rows.length,
    valLogLoss: logLoss(scores, labels),
    valAuc: rocAuc(scores, labels),
    evalGroups: all.groups,
    evalMap10: all.map,
    evalNdcg10: all.ndcg,
    evalYesterdayGroups: yesterday.groups,
    evalYesterdayMap10: yesterday.map,
    evalYesterdayNdcg10: yesterday.ndcg,
    evalServedGroups: served.groups,
    evalServedMap10: served.map,
    evalServedNdcg10: served.ndcg,
  };
}

/**
 * The eval days ranked as the product ranks and the test `impressions` grouping measures: per user and
 * eval day, the posts of the day before she was shown, featurised as of her first impression of the day
 * (one instant per group, so only what differs between posts ranks them), labelled opened or not.
 */
async function evalDaysAsServed(workdir, ranker) {
  const config = JSON.parse(readFileSync(join(workdir, 'wemoms.config.json'), 'utf8'));
  const evalRange = config.split?.eval ?? { first: '2023-01-26', last: '2023-01-27' };
  const log = await readRawTableParquet(join(workdir, 'data/interim/log.parquet'));
  const catalog = buildPostCatalog(log);
  const context = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  const wanted = new Set(ranker.preprocessing.featureSpecs.map((s) => s.name));
  const categories = CATEGORIES.filter((c) => c.outputs.some((o) => wanted.has(o.name))).map((c) => c.name);
  const scores = [];
  const labels = [];
  const tieKeys = [];
  const offsets = [0];
  for (let day = parseDay(evalRange.first); day <= parseDay(evalRange.last); day++) {
    const groups = buildTestGroups(log, catalog, 'impressions', day);
    for (const { chunk, features } of featurizeCandidates(context, expandCandidates(groups, catalog), {
      categories,
    })) {
      const s = ranker.score(features.columns, { allowUnexpected: true });
      const base = labels.length;
      for (let i = 0; i < chunk.length; i++) {
        scores.push(s[i]);
        labels.push(chunk.label[i]);
        tieKeys.push(catalog.postRank[chunk.post[i]]);
      }
      for (let g = 1; g <= chunk.groups; g++) offsets.push(base + chunk.offsets[g]);
    }
  }
  const { metrics } = evaluateRanking(
    {
      offsets: Int32Array.from(offsets),
      scores: Float32Array.from(scores),
      labels: Uint8Array.from(labels),
      tieKeys: Int32Array.from(tieKeys),
    },
    { k: 10 },
  );
  return { groups: offsets.length - 1, map: metrics['map@10'], ndcg: metrics['ndcg@10'] };
}

await selectBackend('cpu');
const results = [];
for (const { name, config } of variants) {
  const workdir = join(out, name);
  mkdirSync(join(workdir, 'data'), { recursive: true });
  if (!existsSync(join(workdir, 'data/raw'))) symlinkSync(raw, join(workdir, 'data/raw'), 'dir');
  if (!reuse) writeFileSync(join(workdir, 'wemoms.config.json'), JSON.stringify(config));
  const started = performance.now();
  if (!(reuse && existsSync(join(workdir, 'reports/metrics.json')))) {
    const run = spawnSync(process.execPath, [bin, 'pipeline', '--workdir', workdir, '--quiet'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (run.status !== 0) throw new Error(`${name}: pipeline failed\n${run.stderr}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(workdir, 'reports/metrics.json'), 'utf8'));
  const g = report.groupings;
  const sim = (ranker) => g.userDay?.[ranker]?.['simulatedCtr@10'] ?? Number.NaN;
  const product = report.product?.userDay?.model ?? {};
  const history = JSON.parse(
    readFileSync(join(workdir, 'models', config.model?.name ?? 'logreg', 'history.json'), 'utf8'),
  );
  const result = {
    name,
    seconds,
    trainRows: history.trainRows,
    bestEpoch: history.bestEpoch,
    ...(await evalDays(workdir, config.model?.name ?? 'logreg')),
    testImpressionsMap10: g.impressions?.model['map@10'],
    testImpressionsNdcg10: g.impressions?.model['ndcg@10'],
    userDaySimCtr10: sim('model'),
    ceilingSimCtr10: sim('ceiling'),
    oracleSimCtr10: sim('oracle'),
    vsCeiling: sim('model') / sim('ceiling'),
    vsOracle: sim('model') / sim('oracle'),
    distinctTopPostsPerDay: product.distinctTopPostsPerDay,
    ownFirstShare: product.ownFirstShare,
    withoutEarlierObservation: report.data.candidatesWithoutEarlierObservation?.userDay?.share,
  };
  results.push(result);
  console.error(`${name}: done in ${seconds.toFixed(0)} s`);
}
writeFileSync(join(out, 'study.json'), `${JSON.stringify(results, null, 2)}\n`);
const f = (v, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : 'n/a');
console.log(
  '| variant | train rows | val logloss | val AUC | eval-day rows MAP@10 | NDCG@10 | eval-day impressions MAP@10 | NDCG@10 | test impressions MAP@10 | userDay simCtr@10 | x ceiling | x oracle | distinct top-10 posts/day | own #1 |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.trainRows} | ${f(r.valLogLoss)} | ${f(r.valAuc)} | ${f(r.evalMap10)} | ${f(r.evalNdcg10)} | ` +
      `${f(r.evalServedMap10)} | ${f(r.evalServedNdcg10)} | ` +
      `${f(r.testImpressionsMap10)} | ${f(r.userDaySimCtr10)} | ${f(r.vsCeiling, 3)} | ${f(r.vsOracle, 3)} | ` +
      `${f(r.distinctTopPostsPerDay, 1)} | ${f(100 * r.ownFirstShare, 1)} % |`,
  );
}
console.log(
  `\nuserDay: observable ceiling simulatedCtr@10 ${f(results[0].ceilingSimCtr10)}, oracle ${f(results[0].oracleSimCtr10)}`,
);
