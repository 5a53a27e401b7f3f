import { posix } from 'node:path';
import { logger, readJson, readNxJson, type Tree } from '@nx/devkit';
import { minimatch } from 'minimatch';
import { normalizeOptions } from '../../plugin/options';
import { PACKAGE_NAME } from '../../plugin/version';
import schema from './schema.json';
import { specTemplate } from './template';

export interface SpecGeneratorOptions {
  directory?: string;
  title?: string;
}

export const SPEC_FILE_NAME = 'PROJECT_SPEC.md';

function defaultTitle(tree: Tree, directory: string): string {
  if (directory !== '.') return posix.basename(directory);
  const name = tree.exists('package.json') ? readJson<{ name?: string }>(tree, 'package.json').name : undefined;
  return name ?? 'Project';
}

/** Why Nx would not turn this spec into tasks, if it would not: no plugin, or no `specs` glob matching it. */
export function unplannedReason(tree: Tree, file: string): string | undefined {
  const entries = (readNxJson(tree)?.plugins ?? []).filter(
    (entry) => (typeof entry === 'string' ? entry : entry.plugin) === PACKAGE_NAME,
  );
  if (entries.length === 0) return `${PACKAGE_NAME} is not registered in nx.json: run \`nx add ${PACKAGE_NAME}\``;
  const matched = entries.some((entry) => {
    const options = typeof entry === 'string' ? undefined : entry.options;
    return normalizeOptions(options).specs.some((glob) => minimatch(file, glob));
  });
  return matched ? undefined : `no "specs" glob of ${PACKAGE_NAME} in nx.json matches ${file}`;
}

/**
 * `nx g nx-buildrunner:spec [directory]`: writes `<directory>/PROJECT_SPEC.md`, never over an
 * existing one. Not formatted: a formatter may rewrap the layout the spec reader relies on.
 */
export default async function specGenerator(tree: Tree, options: SpecGeneratorOptions = {}): Promise<void> {
  const directory = posix.normalize((options.directory ?? schema.properties.directory.default).replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  if (directory === '..' || directory.startsWith('../') || posix.isAbsolute(directory)) {
    throw new Error(`The spec's directory must be inside the workspace: ${options.directory}`);
  }
  const file = posix.join(directory, SPEC_FILE_NAME);
  if (tree.exists(file)) {
    throw new Error(`${file} already exists; edit it, or pick another directory.`);
  }
  tree.write(file, specTemplate(options.title?.trim() || defaultTitle(tree, directory)));
  const reason = unplannedReason(tree, file);
  if (reason !== undefined) logger.warn(`${file} will not become tasks yet: ${reason}.`);
}
