/**
 * `wemoms sql --dialect duckdb|bigquery|spark [--part train|test]`: the SQL compiled from the feature
 * definitions, to build the features in a warehouse from a raw events table (README "Running at scale").
 * Reads no data: it only needs the definitions.
 */
import { resolve } from 'node:path';
import { atomicWriteFile } from '@wemoms/data-schema/node';
import { compileFeatureSql } from '@wemoms/feature-sql';
import { getCategoryDefinition } from '@wemoms/features';
import { selectCategories } from '../pipeline/categories.js';
import type { SqlOptions } from '../program/sql.js';
import type { CliContext } from '../runtime/context.js';

export async function run(ctx: CliContext, options: SqlOptions): Promise<void> {
  const categories = selectCategories(options.category ?? ctx.config.features.categories, (line) =>
    ctx.progress.log(`sql: ${line}`),
  );
  const sql = compileFeatureSql(categories.map(getCategoryDefinition), {
    dialect: options.dialect,
    part: options.part,
    ...(options.events === undefined ? {} : { eventsTable: options.events }),
    ...(options.rows === undefined ? {} : { rowsTable: options.rows }),
    ...(options.candidates === undefined ? {} : { candidatesTable: options.candidates }),
  });
  if (options.out === undefined) {
    ctx.print(sql.trimEnd());
    return;
  }
  const path = resolve(ctx.workdir, options.out);
  atomicWriteFile(path, sql);
  ctx.progress.log(`sql: wrote the ${options.part} part in ${options.dialect} to ${options.out}`);
}
