// The demo's workspace: a new git repository and Nx workspace holding a copy of the example in a
// folder of its own, with this repository's build registered as the plugin and its node_modules
// linked, so nothing is installed and nothing leaves the machine.
//
// Why a folder and not the workspace root: a spec at the root gives the workspace a root project,
// and Nx then takes a plugin loaded by path from outside node_modules for a local plugin of that
// project and looks for its executors' TypeScript sources instead of the build. An installed
// plugin does not meet this; the demo loads it by path so that it runs what `npm run build` made.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files of the example that are the demo's, not the project's: the agent never sees them. */
const DEMO_ONLY = new Set(['scenario.yaml']);

const GITIGNORE = 'node_modules\n.nx\n.buildrunner\n';

/** Runs git in `cwd`; throws with git's own message, since a demo cannot go on without it. */
export function git(cwd, args) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

/**
 * Fills the empty folder `dir`: the example's files in `dir/<folder>`, a root package.json that
 * lists nx, nx.json registering the plugin at `pluginDir` with `pluginOptions`, .gitignore, a
 * link to `nodeModules`, and a first commit, whose hash it returns.
 */
export function makeWorkspace({ dir, example, folder, pluginDir, pluginOptions, nodeModules }) {
  mkdirSync(join(dir, folder));
  cpSync(example, join(dir, folder), { recursive: true, filter: (src) => !DEMO_ONLY.has(relative(example, src)) });
  const nxVersion = JSON.parse(readFileSync(join(nodeModules, 'nx/package.json'), 'utf8')).version;
  const pkg = { name: `${folder}-workspace`, version: '0.0.0', private: true, devDependencies: { nx: nxVersion } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'nx.json'), `${JSON.stringify({ plugins: [{ plugin: pluginDir, options: pluginOptions }] }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), GITIGNORE);
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['-c', 'user.name=nx-buildrunner demo', '-c', 'user.email=demo@nx-buildrunner.invalid', 'commit', '-q', '-m', `${folder}: the spec and the starter`]);
  return { base: git(dir, ['rev-parse', 'HEAD']) };
}
