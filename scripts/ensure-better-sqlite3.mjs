// Root postinstall: makes sure better-sqlite3 (the SQLite feed store's native addon, an optional
// dependency) is built. Where its prebuilt binary cannot be downloaded it falls back to node-gyp, which
// then downloads Node's headers unless told where they are; npm is set up with `nodedir` on machines that
// ship them in /usr/include/node, but pnpm does not pass that setting on. So: if the addon does not load
// and the system headers exist, rebuild it against them. Never fails the install (the store reports a
// clear error, and its tests fail loudly, if the addon is still missing).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/feed-store/package.json', import.meta.url));

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

if (!loads()) {
  if (!existsSync('/usr/include/node/node.h')) {
    console.warn(
      'better-sqlite3 is not built and /usr/include/node has no headers: the SQLite feed store is unavailable',
    );
  } else {
    console.log('better-sqlite3: building the native addon against /usr/include/node (about a minute)');
    try {
      execSync('pnpm rebuild better-sqlite3', {
        stdio: 'inherit',
        env: { ...process.env, npm_config_nodedir: '/usr' },
      });
    } catch (error) {
      console.warn(`better-sqlite3: rebuild failed (${error.message}): the SQLite feed store is unavailable`);
    }
    if (!loads()) console.warn('better-sqlite3 still does not load: the SQLite feed store is unavailable');
  }
}
