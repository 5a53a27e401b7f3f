import { readJson, readNxJson, type Tree, updateNxJson, writeJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../../plugin/version';
import initGenerator from './init';

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
});

const pluginEntries = () =>
  (readNxJson(tree)?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) === 'nx-buildrunner');

describe('init generator', () => {
  it('registers the plugin with its defaults written out, ignores .buildrunner/ and adds the package', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(pluginEntries()).toEqual([
      {
        plugin: 'nx-buildrunner',
        options: { specs: '**/PROJECT_SPEC.md', targetName: 'br-task', verifyTargetName: 'br-verify', projectPrefix: 'br-' },
      },
    ]);
    expect(tree.read('.gitignore', 'utf-8')).toBe('# nx-buildrunner: run state, task worktrees and results\n.buildrunner/\n');
    expect(readJson(tree, 'package.json').devDependencies['nx-buildrunner']).toBe(PACKAGE_VERSION);
  });

  it('changes nothing when run a second time', async () => {
    await initGenerator(tree, { skipFormat: true });
    const before = tree.listChanges().map((c) => [c.path, c.content?.toString()]);
    await initGenerator(tree, { skipFormat: true });
    expect(tree.listChanges().map((c) => [c.path, c.content?.toString()])).toEqual(before);
    expect(pluginEntries()).toHaveLength(1);
  });

  it.each([
    ['string form', 'nx-buildrunner'],
    ['object form', { plugin: 'nx-buildrunner', options: { projectPrefix: 'task-' } }],
  ])('keeps an entry already there in %s', async (_form, entry) => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['@nx/js/typescript', entry] });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['@nx/js/typescript', entry]);
  });

  it('appends to an existing .gitignore once, and leaves one that already ignores the folder', async () => {
    tree.write('.gitignore', 'node_modules\ndist');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe(
      'node_modules\ndist\n\n# nx-buildrunner: run state, task worktrees and results\n.buildrunner/\n',
    );
    tree.write('.gitignore', 'node_modules\n/.buildrunner\n');
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n/.buildrunner\n');
  });

  it('leaves a version already in package.json, in any section, alone', async () => {
    writeJson(tree, 'package.json', { name: 'ws', dependencies: { 'nx-buildrunner': '^0.0.1' } });
    await initGenerator(tree, { skipFormat: true });
    const manifest = readJson(tree, 'package.json');
    expect(manifest.dependencies).toEqual({ 'nx-buildrunner': '^0.0.1' });
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('does not touch package.json with skipPackageJson', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipFormat: true, skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });
});
