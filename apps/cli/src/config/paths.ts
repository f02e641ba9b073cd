/**
 * Every file the pipeline reads or writes, resolved against the workdir (ARCHITECTURE "Files on disk").
 * One place so stages, turbo inputs/outputs and the README agree.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type WemomsConfig } from './schema.js';

export interface PipelinePaths {
  workdir: string;
  raw: string;
  truth: string;
  rejects: string;
  interim: string;
  logSnapshot: string;
  processed: string;
  trainRows: string;
  evalRows: string;
  testGroups: string;
  datasetSummary: string;
  readReport: string;
  features: string;
  testFeatures: string;
  modelDir: string;
  reports: string;
  predictions: string;
  predictionsCsv: string;
  top10: string;
  evaluationRows: string;
  metricsJson: string;
  metricsMd: string;
  stageConfigDir: string;
  categoryFile(name: string): string;
  rankFile(day: string): string;
  /** `rank --user`'s own file: the day file is never overwritten by one user's ranking. */
  rankUserFile(day: string, user: string): string;
}

/** A user id as a file-name part: characters outside [A-Za-z0-9._-] become %XX (reversible, no collisions). */
function fileNamePart(id: string): string {
  return id.replace(
    /[^A-Za-z0-9._-]/g,
    (c) =>
      `%${Array.from(new TextEncoder().encode(c), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('%')}`,
  );
}

/** Resolves the configured paths against `workdir` (absolute configured paths are kept). */
export function resolvePaths(workdir: string, config: WemomsConfig): PipelinePaths {
  const root = resolve(workdir);
  const at = (p: string) => (isAbsolute(p) ? p : join(root, p));
  const interim = at(config.paths.interim);
  const processed = at(config.paths.processed);
  const reports = at(config.paths.reports);
  return {
    workdir: root,
    raw: at(config.paths.raw),
    truth: at(config.paths.truth),
    rejects: join(interim, 'rejects.jsonl'),
    interim,
    logSnapshot: join(interim, 'log.parquet'),
    processed,
    trainRows: join(processed, 'train.parquet'),
    evalRows: join(processed, 'eval.parquet'),
    testGroups: join(processed, 'test.parquet'),
    datasetSummary: join(processed, 'dataset-summary.json'),
    readReport: join(interim, 'read-report.json'),
    features: join(processed, 'features.parquet'),
    testFeatures: join(processed, 'test_features.parquet'),
    modelDir: join(at(config.paths.models), config.model.name),
    reports,
    predictions: join(reports, 'predictions.parquet'),
    predictionsCsv: join(reports, 'predictions.csv'),
    top10: join(reports, 'top10.parquet'),
    evaluationRows: join(reports, 'evaluation-rows.bin'),
    metricsJson: join(reports, 'metrics.json'),
    metricsMd: join(reports, 'metrics.md'),
    stageConfigDir: join(root, '.wemoms', 'config'),
    categoryFile: (name) => join(interim, `${name}.parquet`),
    rankFile: (day) => join(reports, `rank-${day}.jsonl`),
    rankUserFile: (day, user) => join(reports, `rank-${day}-${fileNamePart(user)}.jsonl`),
  };
}

/**
 * True when the raw log is the default one (`data/raw/...` in the workdir), the only path where the
 * pipeline may generate a synthetic log on its own: a missing log the user pointed at (--raw, paths.raw)
 * is a mistake to report, not a place to write synthetic data.
 */
export function isDefaultRawLog(paths: PipelinePaths): boolean {
  return paths.raw === join(paths.workdir, DEFAULT_CONFIG.paths.raw);
}
