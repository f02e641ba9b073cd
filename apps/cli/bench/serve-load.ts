/**
 * Load test of `wemoms serve` (loopback only, bounded in time): batch feed lookups from SQLite and from
 * Redis, online ranking of a user's candidates, then a mixed soak (lookups + online ranking + events)
 * watching the server's memory. The server is the built CLI (`node dist/bin.js serve`) in its own
 * process; the load generators (autocannon for closed-loop runs, a paced open-loop runner for fixed rates) run here. Prints p50/p99 latency and req/s per scenario, the server's CPU seconds
 * and the load average, and writes reports/serve-bench.json in the workdir.
 *
 *   pnpm --filter @wemoms/cli bench:serve -- --workdir /tmp/wemoms-serve-bench [--rows 100000]
 *     [--date 2023-01-29] [--duration 10] [--soak 60]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { formatTimestampMicros, parseTimestampMicros, type RawEventJson } from '@wemoms/data-schema';
import { startRedisServer } from '@wemoms/feed-store/testing';
import autocannon from 'autocannon';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const rows = Number(arg('rows', '100000'));
const workdir = resolve(arg('workdir', `/tmp/wemoms-serve-bench-${rows}`));
const date = arg('date', '2023-01-29');
const duration = Number(arg('duration', '10'));
const soakSeconds = Number(arg('soak', '60'));
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
if (!existsSync(bin))
  throw new Error(`${bin} missing: build the CLI first (pnpm --filter @wemoms/cli build)`);

const wemoms = (...args: string[]) =>
  execFileSync(process.execPath, [bin, ...args, '--workdir', workdir, '--quiet'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
const load = () => loadavg().map((x) => +x.toFixed(2));

// 1. A trained workdir (the default synthetic log of `rows` rows) and the day's ranking.
if (!existsSync(join(workdir, 'models/logreg/model.json'))) {
  execFileSync('mkdir', ['-p', workdir]);
  writeFileSync(join(workdir, 'wemoms.config.json'), JSON.stringify({ synthetic: { rows } }));
  console.log(`preparing ${workdir}: wemoms pipeline on ${rows} rows`);
  wemoms('pipeline');
}
if (!existsSync(join(workdir, `reports/rank-${date}.jsonl`))) wemoms('rank', '--date', date);
const ranked = readFileSync(join(workdir, `reports/rank-${date}.jsonl`), 'utf8')
  .trimEnd()
  .split('\n')
  .map((line) => JSON.parse(line) as { user_id: string; candidate_time: string; candidates: number });

// 2. Publish the day to SQLite and to a real redis-server, timing the store writes.
const redis = await startRedisServer();
const sqliteUrl = 'sqlite:data/bench-feeds.db';
for (const url of [sqliteUrl, redis.url]) {
  const child = spawn(
    process.execPath,
    [bin, 'publish', '--date', date, '--store', url, '--workdir', workdir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise((r) => child.once('exit', r));
  console.log(err.split('\n').find((l) => l.startsWith('✔')) ?? err);
}

interface Server {
  child: ChildProcess;
  url: string;
}

async function startServer(store: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--workdir', workdir, '--port', '0', '--store', store],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match && /ready/.test(err)) ok(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}:\n${err}`)));
  });
  return { child, url };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

/** utime + stime of a process, seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:')) as string;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

interface Row {
  scenario: string;
  rate: string;
  requests: number;
  reqPerSec: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  serverCpuSeconds: number;
  loadAverage: number[];
}
const results: Row[] = [];

async function run(scenario: string, server: Server, options: Partial<autocannon.Options>): Promise<void> {
  const pid = server.child.pid as number;
  const cpu0 = cpuSeconds(pid);
  const result = await autocannon({
    url: server.url,
    duration,
    connections: 10,
    ...options,
  });
  results.push({
    scenario,
    rate: options.overallRate
      ? `${options.overallRate}/s (autocannon)`
      : `max (${options.connections ?? 10} connections)`,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    serverCpuSeconds: +(cpuSeconds(pid) - cpu0).toFixed(2),
    loadAverage: load(),
  });
  console.log(JSON.stringify(results[results.length - 1]));
}

/**
 * An open-loop run at a fixed rate: requests leave evenly spaced (the number due is sent every
 * millisecond), whatever the answers, over keep-alive sockets; latency is measured per request. autocannon's
 * overallRate sends each second's quota back to back at the start of the second, so its latencies at a
 * fixed rate measured that burst's queue rather than the service.
 */
async function paced(
  scenario: string,
  server: Server,
  rate: number,
  next: () => { method: 'GET' | 'POST'; path: string; body?: string },
  seconds = duration,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(server.url);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  const pid = server.child.pid as number;
  const cpu0 = cpuSeconds(pid);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  const one = () => {
    const { method, path, body } = next();
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path,
          method,
          agent,
          headers: body ? { 'content-type': 'application/json' } : {},
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (res.statusCode === undefined || res.statusCode >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    done.then(() => inFlight.delete(done));
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= seconds) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(elapsed * rate);
      while (sent < due) {
        one();
        sent++;
      }
    }, 1);
  });
  await Promise.all(inFlight);
  agent.destroy();
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  results.push({
    scenario,
    rate: `${rate}/s paced`,
    requests: latencies.length,
    reqPerSec: Math.round(latencies.length / wall),
    p50ms: at(0.5),
    p99ms: at(0.99),
    maxMs: +latencies[latencies.length - 1].toFixed(2),
    errors,
    non2xx,
    serverCpuSeconds: +(cpuSeconds(pid) - cpu0).toFixed(2),
    loadAverage: load(),
  });
  console.log(JSON.stringify(results[results.length - 1]));
}

let u = 0;
const feedRequest = {
  setupRequest: (req: autocannon.Request) => ({
    ...req,
    method: 'GET' as const,
    path: `/v1/feed/${ranked[u++ % ranked.length].user_id}?date=${date}`,
  }),
};
let v = 0;
const rankRequest = {
  setupRequest: (req: autocannon.Request) => {
    const line = ranked[v++ % ranked.length];
    return {
      ...req,
      method: 'POST' as const,
      path: '/v1/rank',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: line.user_id, at: line.candidate_time }),
    };
  },
};

try {
  console.log(`load average at start: ${load().join(' ')}`);
  // 3. Batch lookups, SQLite then Redis: at the target rate, then as fast as possible.
  for (const [name, store] of [
    ['feed lookup (SQLite)', sqliteUrl],
    ['feed lookup (Redis)', redis.url],
  ] as const) {
    const server = await startServer(store);
    await run(name, server, { requests: [feedRequest], duration: 3 }); // warm-up
    results.pop();
    await run(name, server, { requests: [feedRequest] });
    await stopServer(server);
  }

  // 4. Online ranking (every candidate of the day before, ~2,700 per user at 100k rows).
  const server = await startServer(sqliteUrl);
  await run('online rank', server, { requests: [rankRequest], connections: 4, duration: 3 });
  results.pop();
  await paced('online rank', server, 50, () => {
    const line = ranked[v++ % ranked.length];
    return {
      method: 'POST',
      path: '/v1/rank',
      body: JSON.stringify({ user_id: line.user_id, at: line.candidate_time }),
    };
  });
  await run('online rank', server, { requests: [rankRequest], connections: 4 });

  // 5. Soak: lookups + online ranking + events together; the server's RSS every 5 s.
  const raw = gunzipSync(readFileSync(join(workdir, 'data/raw/WeMoms_MLE_hiring_test_2023.json.gzip')))
    .toString('utf8')
    .trimEnd()
    .split('\n');
  const end = parseTimestampMicros('2023-02-02 00:00:00+00:00');
  let e = 0;
  const nextEvent = () => {
    const row = JSON.parse(raw[(e * 7919) % raw.length]) as RawEventJson;
    const event = { ...row, tracker_created_at: formatTimestampMicros(end + e++ * 1e6) };
    return { method: 'POST' as const, path: '/v1/events', body: JSON.stringify({ events: [event] }) };
  };
  const pid = server.child.pid as number;
  const rss: number[] = [rssMiB(pid)];
  const sampler = setInterval(() => rss.push(rssMiB(pid)), 5000);
  const cpu0 = cpuSeconds(pid);
  const before = results.length;
  await Promise.all([
    // autocannon for the lookups: this process cannot pace 2,000 req/s through node:http on 2 busy cores.
    run('soak: feed lookup (SQLite), ~2,000/s', server, {
      requests: [feedRequest],
      connections: 8,
      overallRate: 2000,
      duration: soakSeconds,
    }),
    paced(
      'soak: online rank',
      server,
      20,
      () => {
        const line = ranked[v++ % ranked.length];
        return {
          method: 'POST',
          path: '/v1/rank',
          body: JSON.stringify({ user_id: line.user_id, at: line.candidate_time }),
        };
      },
      soakSeconds,
    ),
    paced('soak: events (1 per post)', server, 5, nextEvent, soakSeconds),
  ]);
  const soakRows = results.splice(before);
  clearInterval(sampler);
  rss.push(rssMiB(pid));
  const soak = {
    seconds: soakSeconds,
    rows: soakRows.map(({ serverCpuSeconds: _cpu, ...row }) => row),
    rssMiB: rss,
    serverCpuSeconds: +(cpuSeconds(pid) - cpu0).toFixed(2),
    loadAverage: load(),
  };
  await stopServer(server);
  console.table(results);
  console.table(soak.rows);
  console.log(`soak: server RSS every 5 s (MiB): ${rss.join(' ')}; server CPU ${soak.serverCpuSeconds} s`);
  const report = {
    date: new Date().toISOString(),
    workdir,
    rows,
    users: ranked.length,
    candidatesPerUser: ranked[0]?.candidates,
    command: `pnpm --filter @wemoms/cli bench:serve -- --workdir ${workdir} --rows ${rows} --duration ${duration} --soak ${soakSeconds}`,
    results,
    soak,
  };
  writeFileSync(join(workdir, 'reports/serve-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`-> ${join(workdir, 'reports/serve-bench.json')}`);
} finally {
  await redis.stop();
}
