/** A small seeded synthetic log, loaded and de-duplicated, with its raw lines (for event tests). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RawEventJson } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { buildPostCatalog } from '@wemoms/dataset';
import { createFeatureContext } from '@wemoms/features';
import { generateSyntheticLog } from '@wemoms/synthetic';
import type { LogView } from '../engine.js';

export interface SmallLog {
  view: LogView;
  /** The raw lines, parsed, in file order (duplicates included). */
  lines: RawEventJson[];
}

let cached: Promise<SmallLog> | null = null;

export function smallLog(): Promise<SmallLog> {
  cached ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wemoms-serving-log-')), 'log.json.gzip');
    await generateSyntheticLog({ rows: 4000, seed: 3, out });
    const { table: log } = await loadRawLog(out, { deduplicate: true });
    const catalog = buildPostCatalog(log);
    const features = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
    const lines = gunzipSync(readFileSync(out))
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RawEventJson);
    return { view: { log, catalog, features }, lines };
  })();
  return cached;
}
