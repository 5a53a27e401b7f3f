import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_NAME } from './version';

/**
 * The packages a task's hash depends on: this plugin, whose executors do the work. Nx resolves
 * named packages through the lockfile and fails every task when one is missing, so the plugin is
 * named only when the root package.json installs it from a registry and a lockfile exists. A
 * plugin loaded by path or linked from the workspace itself hashes no package at all (`[]`),
 * which is still better than the default of hashing every package in the lockfile.
 */

const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
const LOCAL_VERSION = /^(?:workspace|file|link|portal):/;

export function pluginExternalDependencies(workspaceRoot: string): string[] {
  let manifest: Partial<Record<(typeof SECTIONS)[number], Record<string, string>>>;
  try {
    manifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  } catch {
    return [];
  }
  const version = SECTIONS.map((section) => manifest[section]?.[PACKAGE_NAME]).find((v) => v !== undefined);
  if (version === undefined || LOCAL_VERSION.test(version)) return [];
  return LOCKFILES.some((file) => existsSync(join(workspaceRoot, file))) ? [PACKAGE_NAME] : [];
}
