import {
  AUTHORS_FILE,
  type AuthorTable,
  candidatesPath,
  type DAY_METRICS_FILE,
  DEMO_FORMAT_VERSION,
  type DemoManifest,
  type DemoUser,
  type HISTORY_PATH,
  MANIFEST_FILE,
  type METRICS_FILE,
  POSTS_FILE,
  USER_FEATURES_FILE,
  USERS_FILE,
} from '../format.js';
import { type ParquetColumns, readParquetColumns } from '../lib/parquet-columns.js';

/** A data or model file the page needs is absent (or the server answered with something else). */
export class MissingFileError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'MissingFileError';
  }
}

/** Fetches from the exported data directory (`./data/` next to the page unless `?data=` says otherwise). */
export class DataSource {
  constructor(readonly baseUrl: string) {}

  url(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  private async fetchOk(path: string): Promise<Response> {
    const url = this.url(path);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new MissingFileError(url, `could not be fetched (${(e as Error).message})`);
    }
    if (!response.ok) throw new MissingFileError(url, `HTTP ${response.status}`);
    return response;
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.fetchOk(path);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      // A dev server answering a missing file with its index.html lands here.
      throw new MissingFileError(this.url(path), 'is not JSON (missing file?)');
    }
  }

  async parquet(path: string, columns?: readonly string[]): Promise<ParquetColumns> {
    const buffer = await (await this.fetchOk(path)).arrayBuffer();
    const magic = new TextDecoder().decode(new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));
    if (magic !== 'PAR1') throw new MissingFileError(this.url(path), 'is not a parquet file (missing file?)');
    return readParquetColumns(buffer, columns);
  }

  async manifest(): Promise<DemoManifest> {
    const manifest = await this.json<DemoManifest>(MANIFEST_FILE);
    if (manifest.version !== DEMO_FORMAT_VERSION)
      throw new MissingFileError(
        this.url(MANIFEST_FILE),
        `format version ${manifest.version}, this page reads ${DEMO_FORMAT_VERSION}: re-run the export`,
      );
    return manifest;
  }

  users(): Promise<DemoUser[]> {
    return this.json<DemoUser[]>(USERS_FILE);
  }

  posts(): Promise<ParquetColumns> {
    return this.parquet(POSTS_FILE);
  }

  authors(): Promise<AuthorTable> {
    return this.json<AuthorTable>(AUTHORS_FILE);
  }

  candidates(user: DemoUser): Promise<ParquetColumns> {
    return this.parquet(candidatesPath(user.file));
  }

  /** One row per user: the model inputs constant across her candidates. */
  userFeatures(): Promise<ParquetColumns> {
    return this.parquet(USER_FEATURES_FILE);
  }

  /** Optional files: null when the export had none. */
  async optionalJson(
    path: typeof METRICS_FILE | typeof DAY_METRICS_FILE | typeof HISTORY_PATH,
    present: boolean,
  ): Promise<unknown | null> {
    return present ? this.json<unknown>(path) : null;
  }
}
