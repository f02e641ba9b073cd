import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const PREFIX = '\0wemoms-node-stub:';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Source of a module whose exports throw a clear error when used (never at import time). */
function stubs(module: string, names: readonly string[]): string {
  const lines = [
    `const stub = (name) => function () { throw new Error(\`\${name} from ${module} is Node-only: not available in the browser\`); };`,
  ];
  for (const name of names)
    if (IDENTIFIER.test(name) && name !== 'default')
      lines.push(`export const ${name} = stub(${JSON.stringify(name)});`);
  return lines.join('\n');
}

function packageRoot(file: string): string {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${file}`);
    dir = parent;
  }
  return dir;
}

/** The module a package exports to Node (its `default` condition), when it splits node / browser. */
function nodeEntry(root: string): string | null {
  const exports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports?.['.'];
  const node = exports?.default ?? exports?.node;
  const target = typeof node === 'string' ? node : (node?.import ?? node?.default);
  return typeof target === 'string' ? join(root, target) : null;
}

/**
 * Keeps the workspace packages' Node-only code from breaking the page, in dev and in the build. The
 * browser-safe modules we use (@wemoms/features' match function, @wemoms/model) sit in packages whose
 * index also re-exports Node-only helpers (parquet files, fs, zlib...). Imported from workspace package
 * sources only, `node:*` builtins become modules whose functions throw when called, and npm packages with
 * a node/browser split (hyparquet, hyparquet-writer) get their browser build plus throwing stand-ins for
 * the Node-only names. Nothing the page runs calls them; if it ever did, the error names the function.
 */
export function nodeOnlyStubs(workspaceRoot: string): Plugin {
  const packages = join(workspaceRoot, 'packages') + sep;
  const split = new Map<string, { browser: string; node: string }>();
  return {
    name: 'wemoms-node-only-stubs',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer?.startsWith(packages) || importer.includes(`${sep}node_modules${sep}`)) return null;
      if (source.startsWith('node:')) return PREFIX + source;
      if (source.startsWith('.') || source.startsWith('/') || source.startsWith('@wemoms/')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved || resolved.external) return null;
      // Dev appends a version query (?v=...) to resolved files.
      const file = resolved.id.split('?')[0];
      const node = nodeEntry(packageRoot(file));
      if (!node || node === file) return null;
      split.set(source, { browser: file, node });
      return PREFIX + source;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const source = id.slice(PREFIX.length);
      if (source.startsWith('node:')) return stubs(source, Object.keys(await import(source)));
      const entries = split.get(source);
      if (!entries) throw new Error(`${source}: unknown stub`);
      const browserNames = new Set(Object.keys(await import(pathToFileURL(entries.browser).href)));
      const nodeOnly = Object.keys(await import(pathToFileURL(entries.node).href)).filter(
        (n) => !browserNames.has(n),
      );
      return `export * from ${JSON.stringify(entries.browser)};\n${stubs(source, nodeOnly)}`;
    },
  };
}
