import './style.css';
import {
  type AuthorTable,
  DAY_METRICS_FILE,
  type DemoManifest,
  type DemoProfile,
  type DemoUser,
  HISTORY_PATH,
  METRICS_FILE,
  MODEL_DIR,
} from '../format.js';
import { normalizeHistory } from '../lib/history.js';
import {
  type ExportColumns,
  loadPostTable,
  loadUserCandidates,
  type PostTable,
  type UserCandidates,
} from './candidates.js';
import { DataSource } from './data-source.js';
import { BACKENDS, type BackendName, type DemoRanker } from './demo-ranker.js';
import { fill, h } from './dom.js';
import { loadDemoRanker } from './model-adapter.js';
import { topK } from './ranking.js';
import { curvesView } from './views/curves.js';
import { metricsView } from './views/metrics.js';
import { pickerView } from './views/picker.js';
import { profileView } from './views/profile.js';
import { failureView, loadingView } from './views/status.js';
import { topTenView } from './views/top-ten.js';
import { applyWhatIf, sameProfile } from './what-if.js';

/**
 * The page's state, published on <body> for people and for the browser test: data-state is loading,
 * scoring, ready or error; data-backend the active TensorFlow.js backend; data-user the ranked user;
 * data-profile whether her exported or a what-if profile was ranked.
 */
function setState(
  state: 'loading' | 'ready' | 'scoring' | 'error',
  attributes: Record<string, string> = {},
): void {
  document.body.dataset.state = state;
  Object.assign(document.body.dataset, attributes);
}

interface Session {
  readonly manifest: DemoManifest;
  readonly users: DemoUser[];
  readonly posts: PostTable;
  /** user-features.parquet: each user's constant inputs. */
  readonly userFeatures: ExportColumns['userFeatures'];
  readonly authors: AuthorTable;
  readonly ranker: DemoRanker;
  readonly source: DataSource;
}

const root = document.getElementById('app') as HTMLElement;
const params = new URLSearchParams(location.search);
// ?data=<url> points the page at another export; ?backend= and ?user= choose the start state.
const source = new DataSource(new URL(params.get('data') ?? './data/', location.href).href);
const wasmPaths = new URL('./tfjs-wasm/', location.href).href;
const title = () => h('h1', {}, 'WeMoms feed ranker: live demo');

async function boot(): Promise<void> {
  setState('loading');
  const status = h('div', {}, loadingView('Loading the exported day'));
  fill(root, h('header', {}, title()), status);
  try {
    const manifest = await source.manifest();
    fill(status, loadingView('Loading users, candidates and the model'));
    const wanted = params.get('backend');
    const initial = BACKENDS.includes(wanted as BackendName) ? (wanted as BackendName) : 'auto';
    const [users, posts, userFeatures, authors, dayMetrics, metrics, history, loaded] = await Promise.all([
      source.users(),
      loadPostTable(source),
      source.userFeatures(),
      source.authors(),
      source.optionalJson(DAY_METRICS_FILE, manifest.hasDayMetrics),
      source.optionalJson(METRICS_FILE, manifest.hasMetrics),
      source.optionalJson(HISTORY_PATH, manifest.hasHistory),
      loadDemoRanker(source.url(`${MODEL_DIR}/`), wasmPaths, manifest.featureSpecs, initial),
    ]);
    setState('ready', { backend: loaded.backend });
    render(
      { manifest, users, posts, userFeatures: userFeatures.columns, authors, ranker: loaded.ranker, source },
      { day: dayMetrics, all: metrics },
      history,
    );
  } catch (error) {
    console.error(error);
    setState('error');
    fill(status, failureView(error));
  }
}

function render(session: Session, metrics: { day: unknown; all: unknown }, history: unknown): void {
  const { manifest, users } = session;
  const backendSelect = h(
    'select',
    { 'data-testid': 'backend' },
    ...BACKENDS.map((b) => h('option', { value: b }, b)),
  );
  backendSelect.value = document.body.dataset.backend ?? 'cpu';
  const timing = h('span', { class: 'timing', 'data-testid': 'timing' });
  const userPanel = h(
    'div',
    {},
    h('section', { class: 'panel' }, h('p', { class: 'muted' }, 'Pick a user above.')),
  );
  const topPanel = h('div', {});
  const departments = [
    ...new Set(users.map((u) => u.profile.department).filter((d): d is string => d !== null)),
  ].sort();
  let current: { user: DemoUser; candidates: UserCandidates; profile: DemoProfile } | null = null;
  // Every load or re-rank takes a ticket; a result whose ticket is stale is dropped.
  let ticket = 0;

  const fail = (error: unknown) => {
    console.error(error);
    setState('error');
    fill(topPanel, failureView(error));
  };

  const rerank = async () => {
    if (!current) return;
    const mine = ++ticket;
    const { user, candidates, profile } = current;
    setState('scoring');
    try {
      const columns = applyWhatIf(
        candidates.columns,
        user.profile,
        profile,
        session.authors,
        candidates.authors,
      );
      const t0 = performance.now();
      const scores = await session.ranker.score(columns);
      const ms = performance.now() - t0;
      if (mine !== ticket) return;
      const top = topK(scores, session.posts.tieKeys, session.posts.ids, new Set(user.opened), 10);
      const contributions = await session.ranker.contributions(
        columns,
        Int32Array.from(top, (t) => t.row),
      );
      if (mine !== ticket) return;
      fill(topPanel, topTenView(top, contributions, scores.length, session.ranker.contributionMethod));
      timing.textContent = `scored ${scores.length} candidates of this user in ${ms.toFixed(1)} ms on ${document.body.dataset.backend}`;
      setState('ready', {
        user: user.userId,
        scoreMs: ms.toFixed(3),
        profile: sameProfile(user.profile, profile) ? 'exported' : 'edited',
      });
    } catch (error) {
      fail(error);
    }
  };

  const pick = async (user: DemoUser) => {
    const mine = ++ticket;
    setState('loading');
    fill(
      topPanel,
      h('section', { class: 'panel' }, loadingView(`Loading the candidates of ${user.userId.slice(0, 8)}`)),
    );
    try {
      const candidates = await loadUserCandidates(session.source, user, session);
      if (mine !== ticket) return;
      current = { user, candidates, profile: user.profile };
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
      fail(error);
    }
  };

  const switchBackend = async (wanted: BackendName) => {
    const previous = document.body.dataset.backend as BackendName;
    setState('loading');
    timing.textContent = `switching to ${wanted}…`;
    try {
      setState('loading', { backend: await session.ranker.setBackend(wanted) });
    } catch (error) {
      console.error(error);
      // Back to the backend that worked, and say why the wanted one did not.
      setState('loading', { backend: await session.ranker.setBackend(previous) });
      backendSelect.value = previous;
      timing.textContent = `${wanted} is unavailable here (${(error as Error).message}); still on ${previous}`;
      setState('ready');
      return;
    }
    if (current) await rerank();
    else setState('ready');
  };
  backendSelect.addEventListener('change', () => void switchBackend(backendSelect.value as BackendName));

  fill(
    root,
    h(
      'header',
      {},
      title(),
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
      h('div', {}, userPanel),
      h('div', {}, topPanel),
      h('div', {}, curvesView(history === null ? null : normalizeHistory(history))),
    ),
    metricsView(metrics.day, metrics.all, manifest.date),
    h(
      'footer',
      { class: 'muted' },
      `Exported ${manifest.createdAt.slice(0, 19).replace('T', ' ')} UTC from ${manifest.source.modelDir}. ` +
        'URL options: ?user=<user id> opens that user, ?backend=webgl|wasm|cpu starts on that backend, ?data=<url> reads another export.',
    ),
  );

  const wantedUser = params.get('user');
  const first =
    (wantedUser && users.find((u) => u.userId === wantedUser)) ||
    users.find((u) => u.opened.length > 0) ||
    users[0];
  if (first) void pick(first);
}

void boot();
