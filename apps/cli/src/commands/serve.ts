/**
 * `wemoms serve`: the feed service on serve.host:serve.port until SIGTERM or SIGINT (graceful: stop
 * accepting, finish in-flight requests within serve.shutdownGraceMs, close the store). SIGHUP, like
 * POST /v1/admin/reload, reloads the model and the log snapshot without dropping requests.
 */
import { openFeedStore } from '@wemoms/feed-store';
import { type FeedService, startFeedService } from '@wemoms/serving';
import { loadServingEngine } from '../pipeline/serving-engine.js';
import type { ServeOptions } from '../program/serve.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';

/** Opens the configured store and starts the service (resolves once listening; the model loads after). */
export async function startServe(ctx: CliContext, logLevel = 'warn'): Promise<FeedService> {
  const { config } = ctx;
  const url = config.serve.store ?? config.publish.store;
  let store: Awaited<ReturnType<typeof openFeedStore>>;
  try {
    store = await openFeedStore(url, { baseDir: ctx.workdir });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  try {
    return await startFeedService({
      ...config.serve,
      store,
      topK: config.rank.topK,
      loadEngine: () => loadServingEngine(ctx),
      logger: { level: logLevel },
    });
  } catch (error) {
    await store.close();
    throw new CliError(
      `cannot serve on ${config.serve.host}:${config.serve.port}: ${(error as Error).message}`,
    );
  }
}

export async function run(ctx: CliContext, options: ServeOptions): Promise<void> {
  const service = await startServe(ctx, options.logLevel);
  ctx.progress.log(
    `serve: listening on ${service.url} (feed store ${ctx.config.serve.store ?? ctx.config.publish.store})`,
  );
  service
    .loaded()
    .then(() => ctx.progress.log('serve: model and log snapshot loaded, ready'))
    .catch((error: Error) => ctx.progress.log(`serve: not ready: ${error.message}`));
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.off('SIGHUP', reload);
      ctx.progress.log(`serve: ${signal}: finishing in-flight requests, then exiting`);
      const grace = setTimeout(() => {
        ctx.progress.log(`serve: still busy after ${ctx.config.serve.shutdownGraceMs} ms, exiting anyway`);
        process.exit(1);
      }, ctx.config.serve.shutdownGraceMs);
      grace.unref();
      service.close().then(
        () => {
          clearTimeout(grace);
          resolve();
        },
        (error: Error) => {
          ctx.progress.log(`serve: error while closing: ${error.message}`);
          resolve();
        },
      );
    };
    const reload = () => {
      ctx.progress.log('serve: SIGHUP: reloading the model and the log snapshot');
      service.reload().then(
        (r) => ctx.progress.log(`serve: reloaded model ${r.model.name} ${r.model.version}, ${r.snapshot}`),
        (error: Error) =>
          ctx.progress.log(`serve: reload failed, still serving the previous model: ${error.message}`),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', reload);
  });
}
