import { defineConfig } from 'tsup';

export default defineConfig({
  // prediction-worker: the parquet writer thread of predict, loaded as dist/prediction-worker.js next to
  // the bundle (see src/io/prediction-files.ts).
  // report-worker: the feature importance of the evaluation report (src/report/importance-task.ts).
  // metrics-worker: evaluate's metrics of the largest grouping (src/pipeline/metrics-task.ts).
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    'prediction-worker': 'src/io/prediction-worker.ts',
    'report-worker': 'src/report/report-worker.ts',
    'metrics-worker': 'src/pipeline/metrics-worker.ts',
  },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
