import { describe, expect, it } from 'vitest';
import type { Feature } from '../spec/types';
import { decomposeFeature } from './decompose';
import { randomSpec } from './__fixtures__/random-spec';
import { type FeatureInput, makeSpec } from './__fixtures__/spec-builder';
import { isGenericCriterion } from './split';

function featureOf(input: FeatureInput): Feature {
  const [feature] = makeSpec([input]).features;
  if (feature === undefined) throw new Error('no feature');
  return feature;
}

const decompose = (input: FeatureInput, defaultVerify: string[] = []) => decomposeFeature(featureOf(input), defaultVerify);

const fullStack: FeatureInput = {
  id: 'accounts',
  title: 'Accounts',
  duration: '2 days',
  requirements: [
    'A users table with unique emails',
    'Sign-up page with a form',
    '`POST /accounts` creates an account',
    'README section on accounts',
    'Tests for duplicate emails',
  ],
  components: [
    'docs/accounts.md',
    'test/accounts.test.ts',
    'web/signup.tsx',
    'src/api/routes/accounts.ts',
    'src/db/migrations/002_users.sql',
  ],
  acceptance: ['Tests pass', 'A duplicate email gets 409', 'Docs explain the flow'],
  verify: ['npx vitest run test/accounts.test.ts', 'npm run lint'],
};

describe('decomposeFeature', () => {
  it('keeps a small feature whole under its own id', () => {
    const tasks = decompose(
      {
        id: 'slugify',
        title: 'Slugify',
        description: 'Turn any title into a slug.',
        requirements: ['`slugify(text)` lowercases', 'Trims hyphens'],
        components: ['src/slugify.js', { path: 'src/slugify.js', action: 'update' }, { path: 'src/old.js', action: 'reference' }],
        acceptance: ['Tests pass'],
      },
      ['npm test'],
    );
    expect(tasks).toEqual([
      {
        id: 'slugify',
        featureId: 'slugify',
        title: 'Slugify',
        description: 'Turn any title into a slug.',
        domain: 'general',
        complexity: 'simple',
        estimateMinutes: 60,
        priority: 'medium',
        files: ['src/slugify.js'],
        acceptance: ['Tests pass'],
        requirements: ['slugify.r1', 'slugify.r2'],
        dependsOn: [],
        verify: ['npm test'],
        line: 3,
      },
    ]);
  });

  it('takes the Duration label as the amount of work', () => {
    const base: FeatureInput = { id: 'a', requirements: ['x'], components: ['src/a.ts'] };
    expect(decompose({ ...base, duration: '90 min' })[0]).toMatchObject({ estimateMinutes: 90, complexity: 'medium' });
    expect(decompose({ ...base, duration: '1 hour' })[0]).toMatchObject({ estimateMinutes: 60, complexity: 'simple' });
    expect(decompose({ ...base, duration: '2 hours' })[0]).toMatchObject({ estimateMinutes: 120, complexity: 'complex' });
  });

  it('splits a large feature along its domains, in build order, each part after the one before', () => {
    const tasks = decompose(fullStack);
    expect(tasks.map((t) => [t.id, t.domain, t.files, t.dependsOn])).toEqual([
      ['accounts-schema', 'database', ['src/db/migrations/002_users.sql'], []],
      ['accounts-api', 'backend', ['src/api/routes/accounts.ts'], ['accounts-schema']],
      ['accounts-ui', 'frontend', ['web/signup.tsx'], ['accounts-api']],
      ['accounts-tests', 'test', ['test/accounts.test.ts'], ['accounts-ui']],
      ['accounts-docs', 'docs', ['docs/accounts.md'], ['accounts-tests']],
    ]);
    expect(tasks.map((t) => t.title)).toEqual([
      'Accounts: schema and migrations',
      'Accounts: API',
      'Accounts: UI',
      'Accounts: tests',
      'Accounts: docs',
    ]);
    expect(tasks.map((t) => t.requirements)).toEqual([
      ['accounts.r1'],
      ['accounts.r3'],
      ['accounts.r2'],
      ['accounts.r5'],
      ['accounts.r4'],
    ]);
    for (const t of tasks) expect([60, 90, 120]).toContain(t.estimateMinutes);
  });

  it('gives generic criteria to every part and unmatched ones to the last part that is not docs', () => {
    const tasks = decompose(fullStack);
    for (const t of tasks) expect(t.acceptance).toContain('Tests pass');
    const owners = (text: string) => tasks.filter((t) => t.acceptance.includes(text)).map((t) => t.id);
    expect(owners('A duplicate email gets 409')).toEqual(['accounts-tests']);
    expect(owners('Docs explain the flow')).toEqual(['accounts-tests']);
  });

  it('holds back a check that runs a file a later part creates', () => {
    const verify = decompose(fullStack, ['npm test']).map((t) => [t.id, t.verify]);
    expect(verify).toEqual([
      ['accounts-schema', ['npm run lint']],
      ['accounts-api', ['npm run lint']],
      ['accounts-ui', ['npm run lint']],
      ['accounts-tests', ['npx vitest run test/accounts.test.ts', 'npm run lint']],
      ['accounts-docs', ['npx vitest run test/accounts.test.ts', 'npm run lint']],
    ]);
    const onlyLater = decompose({ ...fullStack, verify: ['npx vitest run test/accounts.test.ts'] }, ['npm test']);
    expect(onlyLater[0]?.verify).toEqual(['npm test']);
  });

  it('numbers the parts of a domain with more than one task of work', () => {
    const tasks = decompose({
      id: 'storage',
      domain: 'database',
      duration: '1 day',
      requirements: ['Table `todos` with a title column', 'Migrations run twice safely', 'Repository functions'],
      components: ['src/db/schema.sql', 'src/db/migrate.ts', 'src/db/todo-repository.ts'],
    });
    expect(tasks.map((t) => [t.id, t.files, t.requirements])).toEqual([
      ['storage-schema-1', ['src/db/schema.sql'], ['storage.r1']],
      ['storage-schema-2', ['src/db/migrate.ts'], ['storage.r2']],
      ['storage-schema-3', ['src/db/todo-repository.ts'], ['storage.r3']],
    ]);
    expect(tasks.map((t) => t.title)[1]).toBe('storage: schema and migrations (2 of 3)');
  });

  it('splits a feature without files along its requirements', () => {
    const tasks = decompose({
      id: 'notes',
      duration: '1 day',
      requirements: ['Autosave every 3 seconds', 'Photos stay attached', 'Unsynced notes carry a badge', 'Export to PDF'],
    });
    expect(tasks.map((t) => t.id)).toEqual(['notes-core-1', 'notes-core-2', 'notes-core-3', 'notes-core-4']);
    expect(tasks.flatMap((t) => t.requirements)).toEqual(['notes.r1', 'notes.r2', 'notes.r3', 'notes.r4']);
  });

  it('keeps an indivisible feature whole at the largest estimate', () => {
    const tasks = decompose({ id: 'big', duration: '3 days', requirements: ['One thing'], components: ['src/big.ts'] });
    expect(tasks.map((t) => [t.id, t.estimateMinutes])).toEqual([['big', 120]]);
  });

  it('marks security work critical, except its docs', () => {
    const tasks = decompose({ ...fullStack, title: 'Password sign-up' });
    expect(tasks.map((t) => [t.domain, t.complexity])).toEqual([
      ['database', 'critical'],
      ['backend', 'critical'],
      ['frontend', 'critical'],
      ['test', 'critical'],
      ['docs', expect.not.stringMatching('critical')],
    ]);
  });

  it('covers every requirement and criterion, with ids of its own feature, on many random features', () => {
    for (let seed = 1; seed <= 60; seed++) {
      for (const feature of randomSpec(seed, { features: 30 }).features) {
        const tasks = decomposeFeature(feature, []);
        expect(tasks.length).toBeGreaterThan(0);
        expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
        for (const t of tasks) {
          expect(t.id === feature.id || t.id.startsWith(`${feature.id}-`)).toBe(true);
          expect([60, 90, 120]).toContain(t.estimateMinutes);
        }
        const requirements = new Set(tasks.flatMap((t) => t.requirements));
        for (const r of feature.requirements) expect(requirements.has(r.id)).toBe(true);
        const criteria = tasks.map((t) => new Set(t.acceptance));
        for (const a of feature.acceptance) {
          const holders = criteria.filter((set) => set.has(a.text)).length;
          expect(holders).toBeGreaterThan(0);
          if (isGenericCriterion(a.text)) expect(holders).toBe(tasks.length);
        }
      }
    }
  });
});

describe('isGenericCriterion', () => {
  it.each(['Tests pass', 'All tests pass.', 'Unit tests are passing', 'Lint passes', 'The build succeeds', 'No type errors'])(
    '%s is about the whole codebase',
    (text) => expect(isGenericCriterion(text)).toBe(true),
  );
  it.each(['Tests pass for empty input', 'Invalid titles get 400', 'Passing a null throws'])('%s is specific', (text) =>
    expect(isGenericCriterion(text)).toBe(false),
  );
});
