import { readNxJson, type Tree, updateNxJson, writeJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { planSpec } from '../../plan';
import { parseSpec } from '../../spec';
import specGenerator, { unplannedReason } from './spec';

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  updateNxJson(tree, { ...readNxJson(tree), plugins: ['nx-buildrunner'] });
});

describe('spec generator', () => {
  it('writes PROJECT_SPEC.md in the BuildRunner layout with the example feature commented out', async () => {
    await specGenerator(tree, { directory: 'apps/shop', title: 'Shop' });
    const text = tree.read('apps/shop/PROJECT_SPEC.md', 'utf-8') as string;
    expect(text.startsWith('# PROJECT_SPEC - Shop\n\n**Project:** Shop\n')).toBe(true);
    expect(text).toContain('## Features');
    const comment = text.slice(text.indexOf('## Features'));
    expect(comment).toMatch(/<!--[\s\S]*### Feature 1: Greeting[\s\S]*\*\*Acceptance Criteria:\*\*[\s\S]*-->\n$/);
    // A fresh spec plans nothing and has no errors; the example, uncommented, plans cleanly.
    const fresh = planSpec(parseSpec(text, 'apps/shop/PROJECT_SPEC.md'));
    expect(fresh.tasks).toEqual([]);
    expect(fresh.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const example = planSpec(parseSpec(text.replace(/<!--\n|-->\n$/g, ''), 'apps/shop/PROJECT_SPEC.md'));
    expect(example.diagnostics).toEqual([]);
    expect(example.features.map((f) => f.title)).toEqual(['Greeting', 'Command Line']);
    const cli = example.tasks.find((t) => t.featureId === example.features[1]?.id);
    expect(cli?.dependsOn.length).toBeGreaterThan(0);
  });

  it('titles the spec after its folder, or the workspace package at the root', async () => {
    await specGenerator(tree, { directory: 'libs/text-kit/' });
    expect(tree.read('libs/text-kit/PROJECT_SPEC.md', 'utf-8')).toMatch(/^# PROJECT_SPEC - text-kit\n/);
    writeJson(tree, 'package.json', { name: '@acme/root' });
    await specGenerator(tree, {});
    expect(tree.read('PROJECT_SPEC.md', 'utf-8')).toMatch(/^# PROJECT_SPEC - @acme\/root\n/);
  });

  it('refuses to overwrite an existing spec', async () => {
    tree.write('PROJECT_SPEC.md', '# mine\n');
    await expect(specGenerator(tree, { directory: '.' })).rejects.toThrow('PROJECT_SPEC.md already exists');
    expect(tree.read('PROJECT_SPEC.md', 'utf-8')).toBe('# mine\n');
  });

  it('refuses a folder outside the workspace', async () => {
    await expect(specGenerator(tree, { directory: '../elsewhere' })).rejects.toThrow('inside the workspace');
  });

  it('tells when Nx would not plan the new spec', () => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: [] });
    expect(unplannedReason(tree, 'PROJECT_SPEC.md')).toMatch(/not registered in nx.json/);
    updateNxJson(tree, { ...readNxJson(tree), plugins: [{ plugin: 'nx-buildrunner', options: { specs: 'specs/*.md' } }] });
    expect(unplannedReason(tree, 'PROJECT_SPEC.md')).toBe('no "specs" glob of nx-buildrunner in nx.json matches PROJECT_SPEC.md');
    expect(unplannedReason(tree, 'specs/shop.md')).toBeUndefined();
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['nx-buildrunner'] });
    expect(unplannedReason(tree, 'apps/x/PROJECT_SPEC.md')).toBeUndefined();
  });
});
