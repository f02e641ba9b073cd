// Node-only entry '@wemoms/dataset/node': the dataset's parquet files (node:fs).
export {
  DATASET_FILES,
  type DatasetFiles,
  readDataset,
  readTrainEval,
  type SplitRows,
  writeDataset,
} from './dataset-files.js';
