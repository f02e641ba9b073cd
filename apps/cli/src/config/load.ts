/**
 * Resolves the effective configuration: DEFAULT_CONFIG, then the config file (JSON or YAML), then
 * command-line overrides, validated once at the end so every error names the offending key and file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CliError } from '../runtime/errors.js';
import { configSchema, DEFAULT_CONFIG, type WemomsConfig } from './schema.js';

/** File names looked up in the workdir, in order, when no --config is given. */
export const CONFIG_FILE_NAMES = ['wemoms.config.json', 'wemoms.config.yaml', 'wemoms.config.yml'] as const;

export interface ResolvedConfig {
  config: WemomsConfig;
  /** Absolute path of the file read, or null when only defaults and flags apply. */
  file: string | null;
  /** Where the values came from, for messages: `<file> + flags`, `defaults + flags`. */
  source: string;
}

/** Dotted key path -> value, e.g. `{'model.epochs': 5}`; undefined values are ignored. */
export type ConfigOverrides = Record<string, unknown>;

type Plain = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars replace. Unknown keys are kept so validation reports them. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeConfig(base[key], value);
  return out;
}

function setPath(target: Plain, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Plain;
  }
  node[keys[keys.length - 1]] = value;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `unknown key "${at ? `${at}.` : ''}${k}"`).join('; ');
  }
  return `${at || '(root)'}: ${issue.message}`;
}

/** Validates a merged config object; throws a CliError naming the source and every bad key. */
export function validateConfig(value: unknown, source: string): WemomsConfig {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map(describeIssue);
  throw new CliError(`invalid configuration (${source}): ${lines.join('; ')}`);
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(
      `config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
}

/** Finds the config file: the explicit one (must exist), else the first of CONFIG_FILE_NAMES in workdir. */
export function findConfigFile(workdir: string, explicit?: string): string | null {
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(workdir, explicit);
    if (!existsSync(path)) throw new CliError(`config file not found: ${path}`);
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolve(workdir, name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Defaults <- config file <- overrides, validated. */
export function loadConfig(
  workdir: string,
  options: { file?: string; overrides?: ConfigOverrides } = {},
): ResolvedConfig {
  const file = findConfigFile(workdir, options.file);
  let merged: unknown = structuredClone(DEFAULT_CONFIG);
  if (file) {
    const fromFile = readConfigFile(file);
    if (fromFile !== null && fromFile !== undefined && !isPlainObject(fromFile)) {
      throw new CliError(`invalid configuration (${file}): expected an object at the top level`);
    }
    merged = mergeConfig(merged, fromFile ?? {});
  }
  const overrides: Plain = {};
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(overrides, key, value);
  }
  merged = mergeConfig(merged, overrides);
  const source = file ? `${file}${Object.keys(overrides).length ? ' + flags' : ''}` : 'defaults + flags';
  return { config: validateConfig(merged, source), file, source };
}

/**
 * Replaces in place the former feature category names of `features.categories` (features'
 * RENAMED_CATEGORIES: `extra` is now `userPostMatch`, same columns), so a config written before a rename
 * keeps working; returns one deprecation line per former name. Loads the features registry on demand.
 */
export async function renameFormerConfigCategories(config: WemomsConfig, source: string): Promise<string[]> {
  const { renameFormerCategories } = await import('../pipeline/categories.js');
  const warnings: string[] = [];
  config.features.categories = renameFormerCategories(
    config.features.categories,
    `${source}: features.categories`,
    (line) => warnings.push(line),
  );
  return warnings;
}

/**
 * The checks of the configuration's days that need the packages' calendar rules (loaded on demand, so
 * `wemoms --help` stays light): every split day a calendar day, first <= last, train / eval / test not
 * overlapping (dataset's resolveSplitConfig, the rule make-dataset applies), and the plausible impression
 * days likewise. Throws a CliError `invalid configuration (<source>): split.test: ...`.
 */
export async function validateConfigDays(config: WemomsConfig, source: string): Promise<void> {
  const invalid = (detail: string) => new CliError(`invalid configuration (${source}): ${detail}`);
  const { resolveSplitConfig } = await import('@wemoms/dataset');
  try {
    resolveSplitConfig(config.split);
  } catch (error) {
    throw invalid((error as Error).message.replace(/^split config: /, 'split.'));
  }
  const { parseDay } = await import('@wemoms/data-schema');
  const { first, last } = config.read.impressionDays;
  try {
    const from = parseDay(first);
    if (last !== null && parseDay(last) < from) {
      throw new RangeError(`first day ${first} is after last day ${last}`);
    }
  } catch (error) {
    throw invalid(`read.impressionDays: ${(error as Error).message}`);
  }
}
