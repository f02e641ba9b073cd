import './style.css';
import {
  type DemoManifest,
  type DemoProfile,
  type DemoUser,
  HISTORY_FILE,
  METRICS_FILE,
  MODEL_DIR,
} from '../format.js';
import { normalizeHistory } from '../lib/history.js';
import { candidateColumns, loadPostTable, type PostTable } from './candidates.js';
import { DataSource } from './dataSource.js';
import { BACKENDS, type BackendName, type Columns, type DemoRanker } from './demoRanker.js';
import { fill, h } from './dom.js';
import { loadDemoRanker } from './modelAdapter.js';
import { topK } from './ranking.js';
import { curvesView } from './views/curves.js';
import { metricsView } from './views/metrics.js';
import { pickerView } from './views/picker.js';
import { profileView } from './views/profile.js';
import { failureView, loadingView } from './views/status.js';
import { topTenView } from './views/topTen.js';
import { applyWhatIf } from './whatIf.js';

/** Where the page's state is published for people and for the browser test (data-* on <body>). */
const setState = (state: 'loading' | 'ready' | 'scoring' | 'error', extra: Record<string, string> = {}) => {
  document.body.dataset.state = state;
  for (const [k, v] of Object.entries(extra)) document.body.dataset[k] = v;
};

interface Session {
  readonly manifest: DemoManifest;
  readonly users: DemoUser[];
  readonly posts: PostTable;
  readonly ranker: DemoRanker;
  readonly source: DataSource;
}

interface Current {
  user: DemoUser;
  base: Columns;
  profile: DemoProfile;
}

const root = document.getElementById('app') as HTMLElement;
const params = new URLSearchParams(location.search);
const source = new DataSource(new URL(params.get('data') ?? './data/', location.href).href);

async function boot(): Promise<void> {
  setState('loading');
  const status = h('div', {}, loadingView('Loading the exported day'));
  fill(root, h('header', {}, h('h1', {}, 'WeMoms feed ranker: live demo')), status);
  try {
    const manifest = await source.manifest();
    fill(status, loadingView('Loading users, candidates and the model'));
    const [users, posts, metrics, history, ranker] = await Promise.all([
      source.users(),
      loadPostTable(source),
      source.optionalJson(METRICS_FILE, manifest.hasMetrics),
      source.optionalJson(HISTORY_FILE, manifest.hasHistory),
      loadDemoRanker(source.url(`${MODEL_DIR}/`), source.url('tfjs-wasm/')),
    ]);
    status.remove();
    render({ manifest, users, posts, ranker, source }, metrics, history);
  } catch (error) {
    console.error(error);
    setState('error');
    fill(status, failureView(error));
  }
}

function render(session: Session, metrics: unknown, history: unknown): void {
  const { manifest, users } = session;
  const backendSelect = h(
    'select',
    { 'data-testid': 'backend' },
    ...BACKENDS.map((b) => h('option', { value: b }, b)),
  );
  const timing = h('span', { class: 'timing', 'data-testid': 'timing' });
  const userPanel = h('div', { class: 'user-panel' }, h('p', { class: 'muted' }, 'Pick a user.'));
  const topPanel = h('div', { class: 'top-panel' });
  const departments = [
    ...new Set(users.map((u) => u.profile.department).filter((d): d is string => d !== null)),
  ].sort();
  let current: Current | null = null;
  let sequence = 0;

  const rerank = async () => {
    if (!current) return;
    const mine = ++sequence;
    const { user, base, profile } = current;
    setState('scoring');
    try {
      const columns = applyWhatIf(base, user.profile, profile, session.posts, manifest.featureSpecs);
      const t0 = performance.now();
      const scores = await session.ranker.score(columns);
      const ms = performance.now() - t0;
      if (mine !== sequence) return;
      const top = topK(scores, session.posts.tieKeys, session.posts.ids, new Set(user.opened), 10);
      const contributions = await session.ranker.contributions(
        columns,
        Int32Array.from(top, (t) => t.row),
      );
      if (mine !== sequence) return;
      fill(topPanel, topTenView(top, contributions, scores.length));
      timing.textContent = `scored ${scores.length} candidates in ${ms.toFixed(1)} ms on ${document.body.dataset.backend}`;
      setState('ready', { user: user.userId, scoreMs: ms.toFixed(3) });
    } catch (error) {
      console.error(error);
      setState('error');
      fill(topPanel, failureView(error));
    }
  };

  const pick = async (user: DemoUser) => {
    const mine = ++sequence;
    setState('loading');
    fill(topPanel, loadingView(`Loading the candidates of ${user.userId.slice(0, 8)}…`));
    try {
      const base = await candidateColumns(session.source, user, session.posts, manifest.featureSpecs);
      if (mine !== sequence) return;
      current = { user, base, profile: user.profile };
      fill(
        userPanel,
        profileView(user, departments, (profile) => {
          if (!current) return;
          current.profile = profile;
          void rerank();
        }),
      );
      await rerank();
    } catch (error) {
      console.error(error);
      setState('error');
      fill(topPanel, failureView(error));
    }
  };

  const switchBackend = async (wanted: BackendName) => {
    setState('loading');
    timing.textContent = `switching to ${wanted}…`;
    try {
      const active = await session.ranker.setBackend(wanted);
      setState('ready', { backend: active });
      backendSelect.value = active;
      if (active !== wanted) timing.textContent = `${wanted} unavailable here, using ${active}`;
      await rerank();
    } catch (error) {
      console.error(error);
      setState('error');
      timing.textContent = `could not switch to ${wanted}: ${(error as Error).message}`;
    }
  };
  backendSelect.addEventListener('change', () => void switchBackend(backendSelect.value as BackendName));

  fill(
    root,
    h(
      'header',
      {},
      h('h1', {}, 'WeMoms feed ranker: live demo'),
      h(
        'p',
        { class: 'muted' },
        `Ranking on ${manifest.date} the ${manifest.candidates} posts created on ${manifest.candidateDay}, for ${manifest.users} of the ${manifest.activeUsers} users active that day.`,
      ),
      h('div', { class: 'toolbar' }, h('label', {}, 'backend ', backendSelect), timing),
      pickerView(users, (u) => void pick(u)),
    ),
    h(
      'main',
      {},
      h('div', { class: 'left' }, userPanel),
      h('div', { class: 'center' }, topPanel),
      h(
        'div',
        { class: 'right' },
        metricsView(metrics, manifest.date),
        curvesView(history === null ? null : normalizeHistory(history)),
      ),
    ),
    h('footer', { class: 'muted' }, `Exported ${manifest.createdAt} from ${manifest.source.modelDir}.`),
  );

  const initial = params.get('backend') as BackendName | null;
  void switchBackend(initial && BACKENDS.includes(initial) ? initial : 'webgl').then(() => {
    const wanted = params.get('user');
    const first =
      (wanted && users.find((u) => u.userId === wanted)) ||
      users.find((u) => u.opened.length > 0) ||
      users[0];
    if (first) return pick(first);
    setState('ready');
  });
}

void boot();
