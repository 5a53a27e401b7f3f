import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../git/__fixtures__/temp-repo';
import type { JournalEventBody } from '../journal/types';
import { until, watchHandles } from './__fixtures__/handles';
import { TaskFlags } from './flags';
import { gitIgnored } from './ignore';
import { taskScope } from './scope';
import { combine, watchWorktree, type WorktreeMonitor } from './watcher';

let repo: TempRepo | undefined;
let monitor: WorktreeMonitor | undefined;
afterEach(async () => {
  await monitor?.close();
  await repo?.cleanup();
  repo = monitor = undefined;
});

async function start(policy: 'off' | 'warn' | 'fail' = 'warn') {
  repo = await makeTempRepo();
  const events: JournalEventBody[] = [];
  const journal = { append: (e: JournalEventBody) => events.push(e) };
  const git = await repo.open();
  monitor = await watchWorktree({
    taskId: 't1',
    worktree: repo.dir,
    specDir: 'app',
    scope: taskScope({ domain: 'backend', files: ['src/new.ts'] }, 'PROJECT_SPEC.md'),
    policy,
    flags: new TaskFlags('t1', journal),
    journal,
    ignored: gitIgnored(git, repo.dir),
    flushMs: 30,
  });
  return { repo, events, write: (rel: string, text = 'x\n') => repo?.write(rel, text) };
}

describe('watchWorktree', () => {
  it('reports what the task writes, changes and deletes, relative to the spec folder, and flags strays early', async () => {
    const { repo, events, write } = await start();
    write('app/src/new.ts', 'export const x = 1;\n');
    write('app/src/greet.ts', 'export const greet = () => "hi";\n');
    rmSync(path.join(repo.dir, 'app/src/list.txt'));
    write('app/docs/notes.md');
    write('NOTES.md');
    // Never reported: installed packages, git's files, run state, and what git ignores.
    write('app/node_modules/pkg/index.js');
    write('app/dist/bundle.js');
    write('.buildrunner/state.json');
    // Not watched: other folders of the repository (the scope check on the change still sees them).
    write('lib/deep/other.ts');
    await until(() => events.filter((e) => e.type === 'file-changed').length >= 5);
    await monitor?.close();

    const changed = events.filter((e) => e.type === 'file-changed').sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(changed).toEqual([
      { type: 'file-changed', task: 't1', path: '../NOTES.md', change: 'add', declared: false },
      { type: 'file-changed', task: 't1', path: 'docs/notes.md', change: 'add', declared: false },
      { type: 'file-changed', task: 't1', path: 'src/greet.ts', change: 'change', declared: false },
      { type: 'file-changed', task: 't1', path: 'src/list.txt', change: 'unlink', declared: false },
      { type: 'file-changed', task: 't1', path: 'src/new.ts', change: 'add', declared: true },
    ]);
    expect(events.filter((e) => e.type === 'flag').sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? 1 : -1))).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'scope', path: 'docs/notes.md', message: 'docs/notes.md neither declared by the task nor backend work' }),
      expect.objectContaining({ severity: 'warning', rule: 'scope', path: '../NOTES.md', message: "../NOTES.md outside the spec's folder" }),
    ]);
  });

  it('raises no flag with the policy off, and holds nothing open once closed', async () => {
    const before = watchHandles();
    const { events, write } = await start('off');
    expect(watchHandles()).toBeGreaterThan(before);
    write('NOTES.md');
    await until(() => events.length >= 1);
    await monitor?.close();
    monitor = undefined;
    write('LATER.md');
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual([{ type: 'file-changed', task: 't1', path: '../NOTES.md', change: 'add', declared: false }]);
    expect(watchHandles()).toBe(before);
  });

  it('reports a burst of writes to one file once, and nothing for a file that came and went', async () => {
    const { repo, events, write } = await start();
    for (let i = 0; i < 20; i++) write('app/src/new.ts', `export const x = ${i};\n`);
    mkdirSync(path.join(repo.dir, 'app/tmp'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'app/tmp/scratch.txt'), 'x');
    rmSync(path.join(repo.dir, 'app/tmp/scratch.txt'));
    await until(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 150));
    await monitor?.close();
    const changed = events.filter((e) => e.type === 'file-changed');
    expect(changed.filter((e) => e.path === 'src/new.ts')).toEqual([{ type: 'file-changed', task: 't1', path: 'src/new.ts', change: 'add', declared: true }]);
    expect(changed.filter((e) => e.path === 'tmp/scratch.txt').length).toBeLessThanOrEqual(2);
  });
});

describe('watchWorktree when the scan is too slow', () => {
  it('gives up, holding nothing open', async () => {
    repo = await makeTempRepo();
    const before = watchHandles();
    const git = await repo.open();
    const started = watchWorktree({
      taskId: 't1',
      worktree: repo.dir,
      specDir: '.',
      scope: taskScope({ domain: 'backend', files: [] }),
      policy: 'warn',
      flags: new TaskFlags('t1'),
      ignored: gitIgnored(git, repo.dir),
      readyTimeoutMs: 0,
    });
    await expect(started).rejects.toThrow('the initial scan took more than 0 ms');
    await new Promise((r) => setTimeout(r, 50));
    expect(watchHandles()).toBe(before);
  });
});

describe('combine', () => {
  it('folds the changes of one flush', () => {
    expect(combine(undefined, 'add')).toBe('add');
    expect(combine('add', 'change')).toBe('add');
    expect(combine('add', 'unlink')).toBeUndefined();
    expect(combine('unlink', 'add')).toBe('change');
    expect(combine('change', 'unlink')).toBe('unlink');
    expect(combine('change', 'change')).toBe('change');
  });
});
