import {
  addDependenciesToPackageJson,
  formatFiles,
  type GeneratorCallback,
  readJson,
  readNxJson,
  type Tree,
  updateNxJson,
} from '@nx/devkit';
import { DEFAULT_PROJECT_PREFIX, DEFAULT_SPECS, DEFAULT_TARGET_NAME, DEFAULT_VERIFY_TARGET_NAME } from '../../plugin/options';
import { RUNTIME_DIR } from '../../plugin/paths';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../plugin/version';
import schema from './schema.json';

export interface InitGeneratorOptions {
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}

/** The schema holds the defaults, so `nx g` and direct calls agree on them. */
const DEFAULTS: Required<InitGeneratorOptions> = {
  skipPackageJson: schema.properties.skipPackageJson.default,
  skipFormat: schema.properties.skipFormat.default,
};

type PluginEntry = string | { plugin: string };

const pluginOf = (entry: PluginEntry) => (typeof entry === 'string' ? entry : entry.plugin);

/** Adds the plugin unless an entry (string or object form, any options) already names it. */
export function registerPlugin(tree: Tree): boolean {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = (nxJson.plugins ?? []) as PluginEntry[];
  if (plugins.some((entry) => pluginOf(entry) === PACKAGE_NAME)) return false;
  // The defaults written out, so a user sees what there is to change.
  nxJson.plugins = [
    ...(nxJson.plugins ?? []),
    {
      plugin: PACKAGE_NAME,
      options: {
        specs: DEFAULT_SPECS,
        targetName: DEFAULT_TARGET_NAME,
        verifyTargetName: DEFAULT_VERIFY_TARGET_NAME,
        projectPrefix: DEFAULT_PROJECT_PREFIX,
      },
    },
  ];
  updateNxJson(tree, nxJson);
  return true;
}

const IGNORE_LINE = `${RUNTIME_DIR}/`;
const IGNORED = new Set([RUNTIME_DIR, IGNORE_LINE, `/${RUNTIME_DIR}`, `/${IGNORE_LINE}`, `**/${RUNTIME_DIR}`, `**/${IGNORE_LINE}`]);

/** Run state, worktrees and task results never belong in git; adds the line once. */
export function ignoreRuntimeFolder(tree: Tree): boolean {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  if (current.split(/\r?\n/).some((line) => IGNORED.has(line.trim()))) return false;
  const gap = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  tree.write('.gitignore', `${current}${gap}# nx-buildrunner: run state, task worktrees and results\n${IGNORE_LINE}\n`);
  return true;
}

function hasPackage(tree: Tree): boolean {
  if (!tree.exists('package.json')) return false;
  const manifest = readJson<Record<string, Record<string, string> | undefined>>(tree, 'package.json');
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((s) => manifest[s]?.[PACKAGE_NAME] !== undefined);
}

/** `nx add nx-buildrunner` runs this. A version already in package.json is left alone. */
export default async function initGenerator(tree: Tree, options: InitGeneratorOptions = {}): Promise<GeneratorCallback> {
  const { skipPackageJson, skipFormat } = { ...DEFAULTS, ...options };
  registerPlugin(tree);
  ignoreRuntimeFolder(tree);
  const install =
    skipPackageJson || hasPackage(tree)
      ? () => undefined
      : addDependenciesToPackageJson(tree, {}, { [PACKAGE_NAME]: PACKAGE_VERSION });
  if (!skipFormat) await formatFiles(tree);
  return install;
}
