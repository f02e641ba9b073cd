import { DuckDBInstance } from '@duckdb/node-api';

const dir = '/tmp/wemoms-feature-sql-bench';
const i = await DuckDBInstance.create(':memory:');
const c = await i.connect();
await c.run(
  `CREATE TEMP TABLE ev AS SELECT epoch_us(tracker_created_at) AS t, CASE WHEN has_been_opened THEN 1 ELSE 0 END AS opened, CAST(file_row_number AS BIGINT) AS row_id FROM read_parquet('${dir}/log-100000.parquet', file_row_number = true)`,
);
let t = Date.now();
await c.run(`CREATE TEMP TABLE cum AS SELECT query_id, slot, SUM(is_event) OVER w AS cv, SUM(opened) OVER w AS co FROM (
  SELECT t, 1 AS is_event, opened, NULL AS query_id, NULL AS slot FROM ev
  UNION ALL SELECT t, 0, 0, row_id, 0 FROM ev
  UNION ALL SELECT t - 86400000000, 0, 0, row_id, 1 FROM ev
  UNION ALL SELECT t - 604800000000, 0, 0, row_id, 2 FROM ev
  UNION ALL SELECT t - 2419200000000, 0, 0, row_id, 3 FROM ev
) WINDOW w AS (ORDER BY t, is_event ROWS UNBOUNDED PRECEDING)`);
console.log('cumulative', Date.now() - t);
t = Date.now();
await c.run(
  `CREATE TEMP TABLE piv AS SELECT query_id, MAX(CASE WHEN slot = 0 THEN cv END) - MAX(CASE WHEN slot = 1 THEN cv END) AS v1, MAX(CASE WHEN slot = 0 THEN cv END) - MAX(CASE WHEN slot = 2 THEN cv END) AS v7 FROM cum WHERE query_id IS NOT NULL GROUP BY query_id`,
);
console.log('pivot', Date.now() - t);
t = Date.now();
await c.run(
  `CREATE TEMP TABLE rng AS SELECT * FROM (SELECT query_id, SUM(is_event) OVER (ORDER BY t RANGE BETWEEN 86400000000 PRECEDING AND 1 PRECEDING) AS v1, SUM(is_event) OVER (ORDER BY t RANGE BETWEEN 604800000000 PRECEDING AND 1 PRECEDING) AS v7 FROM (SELECT t, 1 AS is_event, NULL AS query_id FROM ev UNION ALL SELECT t, 0, row_id FROM ev)) WHERE query_id IS NOT NULL`,
);
console.log('range', Date.now() - t);
const chk = await c.runAndReadAll(
  `SELECT COUNT(*) AS n, SUM(CASE WHEN p.v1 = r.v1 AND p.v7 = r.v7 THEN 1 ELSE 0 END) AS same FROM piv p JOIN rng r USING (query_id)`,
);
console.log(JSON.stringify(chk.getRowObjectsJS(), (k, v) => (typeof v === 'bigint' ? String(v) : v)));
