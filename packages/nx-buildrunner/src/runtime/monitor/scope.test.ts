import { describe, expect, it } from 'vitest';
import type { Domain } from '../../spec/types';
import { TaskFlags } from './flags';
import type { JournalEventBody } from '../journal/types';
import { taskScope } from './scope';
import { specRelative } from './spec-paths';

const judge = (domain: Domain, files: string[], file: string) => taskScope({ domain, files }, 'PROJECT_SPEC.md').judge(file);
const inScope = (domain: Domain, files: string[], file: string) => judge(domain, files, file).inScope;

describe('taskScope', () => {
  it('takes the declared files and folders, and what lies in the folders of declared files', () => {
    expect(judge('backend', ['src/api/users.ts'], 'src/api/users.ts')).toEqual({ declared: true, inScope: true, reason: 'declared by the task' });
    expect(judge('backend', ['src/components/'], 'src/components/Button.tsx').declared).toBe(true);
    expect(inScope('backend', ['src/api/users.ts'], 'src/api/helpers/db.ts')).toBe(true);
    expect(inScope('backend', ['src/api/users.ts'], 'src/web/page.ts')).toBe(false);
    // A file at the spec's root opens the root's own files, not every folder below it.
    expect(inScope('backend', ['index.js'], 'helper.js')).toBe(true);
    expect(inScope('backend', ['index.js'], 'lib/other.js')).toBe(false);
  });

  it('lets a task write the tests of its files wherever the project keeps tests', () => {
    for (const test of ['test/users.test.ts', 'src/__tests__/users.spec.ts', 'tests/test_users.py']) {
      expect([test, judge('backend', ['src/api/users.ts'], test).reason]).toEqual([test, 'a test of a declared file']);
    }
    expect(inScope('backend', ['src/api/users.ts'], 'test/orders.test.ts')).toBe(false);
  });

  it('lets every task add dependencies, and each domain write its kind of file', () => {
    expect(judge('backend', ['src/a.ts'], 'package-lock.json').reason).toBe('a dependency manifest');
    const cases: Array<[Domain, string, boolean]> = [
      ['docs', 'CHANGELOG.md', true],
      ['docs', 'docs/guide/intro.html', true],
      ['docs', 'src/x.ts', false],
      ['test', 'test/anything.test.js', true],
      ['test', 'test/__fixtures__/data.json', true],
      ['test', 'vitest.config.ts', true],
      ['test', 'src/x.ts', false],
      ['database', 'db/migrations/001_init.sql', true],
      ['database', 'prisma/schema.prisma', true],
      ['database', 'src/x.ts', false],
      ['frontend', 'src/styles/app.css', true],
      ['frontend', 'public/logo.svg', true],
      ['frontend', 'src/server.ts', false],
      ['infra', 'Dockerfile', true],
      ['infra', '.github/workflows/ci.yml', true],
      ['infra', 'src/x.ts', false],
      ['backend', 'README.md', false],
      ['general', 'notes.md', false],
    ];
    for (const [domain, file, expected] of cases) expect([domain, file, inScope(domain, [], file)]).toEqual([domain, file, expected]);
  });

  it('never allows paths outside the spec folder or the spec itself', () => {
    expect(judge('docs', ['README.md'], '../README.md')).toEqual({ declared: false, inScope: false, reason: "outside the spec's folder" });
    expect(judge('docs', [], 'PROJECT_SPEC.md')).toEqual({ declared: false, inScope: false, reason: 'is the spec itself' });
  });
});

describe('specRelative', () => {
  it('turns worktree paths into spec-folder paths, keeping ../ for the rest', () => {
    expect(specRelative('app/src/a.ts', 'app')).toBe('src/a.ts');
    expect(specRelative('README.md', 'app')).toBe('../README.md');
    expect(specRelative('src/a.ts', '.')).toBe('src/a.ts');
  });
});

describe('TaskFlags', () => {
  it('puts each flag into the journal once', () => {
    const events: JournalEventBody[] = [];
    const flags = new TaskFlags('t1', { append: (e) => events.push(e) });
    flags.raise({ severity: 'warning', rule: 'scope', message: 'x.md out', path: 'x.md' });
    flags.raise({ severity: 'warning', rule: 'scope', message: 'x.md out (again)', path: 'x.md' });
    flags.raise({ severity: 'error', rule: 'scope', message: 'x.md out', path: 'x.md' });
    expect(events).toEqual([
      { type: 'flag', task: 't1', severity: 'warning', rule: 'scope', message: 'x.md out', path: 'x.md' },
      { type: 'flag', task: 't1', severity: 'error', rule: 'scope', message: 'x.md out', path: 'x.md' },
    ]);
  });
});
