import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../spec/parse';
import { batchViolations, uncovered } from './__fixtures__/check-plan';
import { stringifyPlan } from './json';
import { planSpec } from './plan';

/**
 * Golden plans of the sample specs. `UPDATE_GOLDEN=1` rewrites them (and refreshes the copies of
 * the shared sample specs, which live outside the repository); review the diff like code.
 */
const update = process.env['UPDATE_GOLDEN'] === '1';
const repo = resolve(__dirname, '../../../..');
const golden = join(__dirname, '__fixtures__', 'golden');
const sharedSpecs = resolve(repo, '../shared/specs');
const copies = join(golden, 'specs');

function specsIn(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'PROJECT_SPEC.md')))
    .map((entry) => join(root, entry.name, 'PROJECT_SPEC.md'))
    .sort();
}

if (update) {
  for (const file of specsIn(sharedSpecs)) {
    const name = relative(sharedSpecs, file);
    mkdirSync(join(copies, name, '..'), { recursive: true });
    copyFileSync(file, join(copies, name));
  }
}

/** Each spec with the path it is planned under, as a user in the repository would name it. */
const cases = [
  ...specsIn(copies).map((file) => ({ group: 'specs', file, root: copies })),
  ...specsIn(join(repo, 'examples')).map((file) => ({ group: 'examples', file, root: join(repo, 'examples') })),
].map(({ group, file, root }) => {
  const folder = relative(root, file).split('/')[0] ?? '';
  return { name: `${group}-${folder}`, file, path: `${group}/${folder}/PROJECT_SPEC.md` };
});

describe('golden plans', () => {
  it('has sample specs to plan', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('$path plans to its golden JSON', ({ name, file, path }) => {
    const spec = parseSpec(readFileSync(file, 'utf8'), path);
    const plan = planSpec(spec);
    expect(uncovered(spec, plan)).toEqual([]);
    expect(batchViolations(plan)).toEqual([]);
    const text = stringifyPlan(plan);
    const target = join(golden, `${name}.plan.json`);
    if (update) writeFileSync(target, text);
    expect(existsSync(target), `${target} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(target, 'utf8'));
  });
});
