import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specViolations } from './__fixtures__/spec-invariants';
import { parseSpec } from './parse';

/**
 * Golden files: the parse of every sample spec, stored as JSON. Regenerate after an intended
 * change with `UPDATE_GOLDEN=1 npx vitest run src/spec/golden.test.ts` and review the diff.
 */
const update = process.env['UPDATE_GOLDEN'] === '1';
const goldenDir = join(__dirname, '__fixtures__', 'golden');
const repoRoot = findRepoRoot(__dirname);
const sharedSpecs = join(repoRoot, '..', 'shared', 'specs');

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${from}`);
}

function specsIn(dir: string, prefix: string): Array<{ name: string; file: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'PROJECT_SPEC.md')))
    .map((e) => ({ name: `${prefix}-${e.name}`, file: join(dir, e.name, 'PROJECT_SPEC.md') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const fixtures = ['speckit-tasks.md', 'kiro-tasks.md'].map((f) => ({ name: `fixture-${f.replace(/\.md$/, '')}`, file: join(__dirname, '__fixtures__', f) }));
const examples = specsIn(join(repoRoot, 'examples'), 'examples');
const shared = specsIn(sharedSpecs, 'shared');

function checkGolden(name: string, file: string): void {
  const text = readFileSync(file, 'utf8');
  // Paths relative to the repository (and `shared/...` for the specs beside it) keep the goldens
  // the same whatever the checkout's folder is called.
  const base = file.startsWith(sharedSpecs) ? join(repoRoot, '..') : repoRoot;
  const spec = parseSpec(readFileSync(file), relative(base, file).split('\\').join('/'));
  expect(specViolations(spec, text)).toEqual([]);
  const golden = join(goldenDir, `${name}.json`);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(golden, `${JSON.stringify(spec, null, 2)}\n`);
  }
  expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(spec).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
}

describe('golden specs', () => {
  it('has examples to check', () => {
    expect(examples.map((e) => e.name)).toContain('examples-textkit');
  });

  for (const { name, file } of [...examples, ...fixtures]) it(name, () => checkGolden(name, file));

  describe.skipIf(shared.length === 0)(`shared specs in ${sharedSpecs}`, () => {
    for (const { name, file } of shared) it(name, () => checkGolden(name, file));
  });

  it.skipIf(shared.length > 0)(`skips the shared specs: ${sharedSpecs} is absent`, () => {
    expect(existsSync(sharedSpecs)).toBe(false);
  });
});
