import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Minimatch } from 'minimatch';
import type { PlanOptions } from '../plan/types';
import { normalizeOptions } from '../plugin/options';
import { PACKAGE_NAME } from '../plugin/version';

interface PluginEntry {
  plugin?: unknown;
  options?: unknown;
}

/** Whether an nx.json plugin entry is this plugin: by package name, or a path to its package. */
function isThisPlugin(root: string, name: unknown): boolean {
  if (name === PACKAGE_NAME) return true;
  if (typeof name !== 'string' || !(name.startsWith('.') || isAbsolute(name))) return false;
  const manifest = join(resolve(root, name), 'package.json');
  try {
    return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The planning options the plugin uses for a spec (its `verification.commands` become the default
 * verify commands of tasks), read from nx.json: a plan made here then has the same task hashes as
 * the projects Nx runs, so results can be told current or stale.
 */
export function pluginPlanOptions(root: string, spec: string): PlanOptions {
  let plugins: unknown;
  try {
    plugins = (JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as { plugins?: unknown }).plugins;
  } catch {
    return {};
  }
  for (const entry of Array.isArray(plugins) ? plugins : []) {
    const e: PluginEntry = typeof entry === 'string' ? { plugin: entry } : ((entry ?? {}) as PluginEntry);
    if (!isThisPlugin(root, e.plugin)) continue;
    let options;
    try {
      options = normalizeOptions(e.options);
    } catch {
      // Nx reports invalid options itself; this entry plans nothing.
      continue;
    }
    if (!options.specs.some((glob) => new Minimatch(glob).match(spec))) continue;
    const commands = options.verification.commands;
    return commands === undefined ? {} : { defaultVerify: [...commands] };
  }
  return {};
}
