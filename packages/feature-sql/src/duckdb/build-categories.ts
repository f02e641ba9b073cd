/**
 * The DuckDB feature engine: runs the compiled feature SQL on embedded DuckDB over the log snapshot and
 * the split files make-dataset writes, and writes the same per-category files as the TypeScript engine
 * (row, tracker_created_at, then the category's columns: FLOAT with NaN = missing, strings with null =
 * missing). DuckDB streams the parquet files and spills its sorts and joins to disk past `memoryLimit`,
 * so the log never has to fit in the Node heap.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { requireFile, tempPathFor } from '@wemoms/data-schema/node';
import { CATEGORY_NAMES, type CategoryDefinition, getCategoryDefinition } from '@wemoms/features';
import {
  type CompiledFeatureQuery,
  compileFeatureQuery,
  fromClause,
  type OutputColumn,
} from '../compile-feature-sql.js';
import { stringLiteral } from '../render-expr.js';

export interface DuckDbBuildOptions extends DuckDbSettings {
  /** The de-duplicated log snapshot (data/interim/log.parquet). */
  readonly logPath: string;
  /** Split files whose `row` column lists the rows to featurise (data/processed/{train,eval}.parquet). */
  readonly rowPaths: readonly string[];
  /** Directory of the per-category files (data/interim). */
  readonly outDir: string;
  /** Categories to build (default all). */
  readonly categories?: readonly string[];
  /** The definitions to compile instead of the registered ones of `categories` (experiments, tests). */
  readonly definitions?: readonly CategoryDefinition[];
}

export interface DuckDbCategoryResult {
  readonly name: string;
  readonly path: string;
  readonly rows: number;
  readonly columns: number;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Checks a DuckDB memory limit string ('512MB', '2GiB'...); returns it or throws naming the format. */
export function checkMemoryLimit(value: string): string {
  if (!MEMORY_LIMIT.test(value.trim())) {
    throw new Error(
      `invalid DuckDB memory limit ${JSON.stringify(value)}: expected a size like 512MB or 2GB`,
    );
  }
  return value.trim();
}

/** A path as a SQL string literal (paths with quotes are refused, not escaped). */
const pathLiteral = (path: string) => stringLiteral(path);

/** A feature column as the files store it: FLOAT with NaN = missing, or VARCHAR with null = missing. */
function outputCast(c: OutputColumn): string {
  if (c.type === 'numeric') return `COALESCE(CAST(${c.sql} AS FLOAT), CAST('NaN' AS FLOAT)) AS ${c.name}`;
  return `CAST(${c.sql} AS VARCHAR) AS ${c.name}`;
}

/** DuckDB settings of a run. */
export interface DuckDbSettings {
  /** DuckDB's memory limit, e.g. '2GB' (default: DuckDB's own, 80 % of RAM). */
  readonly memoryLimit?: string;
  /** Where DuckDB spills past the memory limit (default: a fresh directory next to the output, removed afterwards). */
  readonly spillDirectory?: string;
  /** DuckDB threads (default: DuckDB's own, one per core). */
  readonly threads?: number;
}

/** Runs `work` on a fresh in-memory DuckDB with `settings`, spilling to `defaultSpill`; always closes it. */
async function withDuckDb<T>(
  settings: DuckDbSettings,
  defaultSpill: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const spill = settings.spillDirectory ?? defaultSpill;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    if (settings.memoryLimit !== undefined) {
      await connection.run(`SET memory_limit = ${stringLiteral(checkMemoryLimit(settings.memoryLimit))}`);
    }
    if (settings.threads !== undefined) {
      await connection.run(`SET threads = ${Math.max(1, Math.floor(settings.threads))}`);
    }
    await connection.run(`SET temp_directory = ${pathLiteral(spill)}`);
    // Every output is ordered explicitly: DuckDB need not keep insertion order (less memory).
    await connection.run('SET preserve_insertion_order = false');
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
    if (settings.spillDirectory === undefined) rmSync(spill, { recursive: true, force: true });
  }
}

/**
 * Runs the compiled query's steps one statement each, every CTE materialised as a temp table: small
 * plans whose sorts and tables DuckDB spills to disk past the memory limit (one statement holding every
 * stream and join at once ran out of memory at 256 MB on a 4,000-row log). Returns the query points.
 */
async function materialise(connection: DuckDBConnection, query: CompiledFeatureQuery): Promise<number> {
  for (const cte of query.ctes) await connection.run(`CREATE TEMP TABLE ${cte.name} AS ${cte.sql}`);
  const count = await connection.runAndReadAll('SELECT COUNT(*) AS n FROM qa');
  return Number(count.getRowObjectsJS()[0].n);
}

/** The select of some output columns (cast for the files) over the materialised steps, in query order. */
function selectOf(
  query: CompiledFeatureQuery,
  keys: readonly string[],
  outputs: readonly OutputColumn[],
): string {
  const columns = [...keys, ...outputs.map((c) => outputCast(c))];
  return `SELECT ${columns.join(', ')} FROM ${fromClause(query, outputs)} ORDER BY ${query.orderBy}`;
}

/** COPYs `select` to `path` as parquet through a temp name and a rename (atomic). */
async function copyAtomically(
  connection: DuckDBConnection,
  select: string,
  path: string,
  metadata: Record<string, string>,
): Promise<void> {
  const temp = tempPathFor(path);
  const kv = Object.entries(metadata)
    .map(([k, v]) => `${stringLiteral(k)}: ${stringLiteral(v)}`)
    .join(', ');
  try {
    await connection.run(
      `COPY (${select}) TO ${pathLiteral(temp)} (FORMAT parquet, COMPRESSION uncompressed, KV_METADATA {${kv}})`,
    );
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The log snapshot as the compiler's events relation: its columns plus row_id = the row's position. */
const eventsOf = (logPath: string) =>
  `(SELECT * EXCLUDE (file_row_number), CAST(file_row_number AS BIGINT) AS row_id FROM read_parquet(${pathLiteral(logPath)}, file_row_number = true))`;

/**
 * Builds `categories` for the rows of `rowPaths` into `<outDir>/<name>.parquet` with DuckDB, each file
 * written to a temp name and renamed (atomic, as the TypeScript engine's). All categories are computed
 * by one query (streams shared), materialised in DuckDB (spilled past the memory limit), then copied out
 * one file per category.
 */
export async function buildCategoriesWithDuckDb(
  options: DuckDbBuildOptions,
): Promise<DuckDbCategoryResult[]> {
  requireFile(options.logPath, 'log snapshot', 'make-dataset');
  for (const path of options.rowPaths) requireFile(path, 'split rows', 'make-dataset');
  const definitions =
    options.definitions ?? (options.categories ?? CATEGORY_NAMES).map(getCategoryDefinition);
  const rows = `(SELECT CAST("row" AS BIGINT) AS row_id FROM read_parquet([${options.rowPaths.map(pathLiteral).join(', ')}]))`;
  const query = compileFeatureQuery(definitions, {
    dialect: 'duckdb',
    part: 'train',
    eventsTable: eventsOf(options.logPath),
    rowsTable: rows,
  });
  mkdirSync(options.outDir, { recursive: true });
  return withDuckDb(options, join(options.outDir, `.duckdb-spill-${process.pid}`), async (connection) => {
    const rowCount = await materialise(connection, query);
    const results: DuckDbCategoryResult[] = [];
    for (const definition of definitions) {
      const path = join(options.outDir, `${definition.name}.parquet`);
      const outputs = query.columns.filter((c) => definition.outputs.some((o) => o.name === c.name));
      await copyAtomically(
        connection,
        selectOf(
          query,
          ['CAST(qa.query_id AS INTEGER) AS "row"', 'qa.query_timestamp AS tracker_created_at'],
          outputs,
        ),
        path,
        { 'wemoms.features.category': definition.name, 'wemoms.features.engine': 'duckdb' },
      );
      results.push({ name: definition.name, path, rows: rowCount, columns: outputs.length });
    }
    return results;
  });
}

export interface DuckDbCandidateOptions extends DuckDbSettings {
  /** The de-duplicated log snapshot (data/interim/log.parquet). */
  readonly logPath: string;
  /** Parquet file of candidates: candidate_id (unique integer), user_id, trackable_id, candidate_time (TIMESTAMP). */
  readonly candidatesPath: string;
  /** Output parquet: candidate_id, then every feature of `categories`, in candidate_id order. */
  readonly outPath: string;
  readonly categories?: readonly string[];
  /** The definitions to compile instead of the registered ones of `categories` (experiments, tests). */
  readonly definitions?: readonly CategoryDefinition[];
}

/**
 * As-of features of test candidates with DuckDB: each (user, post, time) featurised from the log strictly
 * before its time, the same rules as the train rows and as the TypeScript featuriser. Returns the rows.
 */
export async function featurizeCandidatesWithDuckDb(options: DuckDbCandidateOptions): Promise<number> {
  requireFile(options.logPath, 'log snapshot', 'make-dataset');
  requireFile(options.candidatesPath, 'candidates', 'make-dataset');
  const definitions =
    options.definitions ?? (options.categories ?? CATEGORY_NAMES).map(getCategoryDefinition);
  const query = compileFeatureQuery(definitions, {
    dialect: 'duckdb',
    part: 'test',
    eventsTable: eventsOf(options.logPath),
    candidatesTable: `read_parquet(${pathLiteral(options.candidatesPath)})`,
  });
  mkdirSync(dirname(options.outPath), { recursive: true });
  return withDuckDb(options, `${options.outPath}.duckdb-spill-${process.pid}`, async (connection) => {
    const rows = await materialise(connection, query);
    const outputs = query.columns.filter((c) => c.type === 'numeric' || c.type === 'categorical');
    await copyAtomically(
      connection,
      selectOf(query, ['CAST(qa.query_id AS BIGINT) AS candidate_id'], outputs),
      options.outPath,
      { 'wemoms.features': 'test candidates', 'wemoms.features.engine': 'duckdb' },
    );
    return rows;
  });
}
