import { describe, expect, it } from 'vitest';
import { JOURNAL_VERSION, type JournalEvent, type JournalEventBody } from '../journal/types';
import type { TaskResult } from '../record/types';
import { foldEvents, latestRun, settle } from './fold';
import { classifyRun } from './outcome';
import { totals } from './totals';
import { emptyRecord } from './types';

const ev = (t: number, body: JournalEventBody, run = 'r1', pid = 100): JournalEvent => ({ ...body, v: JOURNAL_VERSION, t, run, pid }) as JournalEvent;
const tokens = { input: 100, output: 20, cacheRead: 50, cacheWrite: 10 };

const aRun: JournalEvent[] = [
  ev(0, { type: 'run-start', spec: 'app/PROJECT_SPEC.md', tasks: ['a', 'b'], workers: 2, command: 'br run --auto' }, 'r1', 1),
  ev(10, { type: 'task-start', task: 'a', attempt: 1 }),
  ev(11, { type: 'task-step', task: 'a', step: 'worktree', attempt: 1 }),
  ev(12, { type: 'task-step', task: 'a', step: 'agent', attempt: 1 }),
  ev(13, { type: 'agent-tool', task: 'a', name: 'view_file', path: 'app/README.md', ok: true }),
  ev(14, { type: 'agent-tool', task: 'a', name: 'create_file', path: 'app/src/a.ts', ok: true }),
  ev(15, { type: 'agent-tool', task: 'a', name: 'create_file', path: 'app/src/nope.ts', ok: false }),
  ev(16, { type: 'task-step', task: 'a', step: 'verify', attempt: 1 }),
  ev(17, { type: 'task-step', task: 'a', step: 'agent', attempt: 2 }),
  ev(18, { type: 'file-changed', task: 'a', path: 'app/src/a.test.ts', change: 'add', declared: true }),
  ev(20, { type: 'task-start', task: 'b', attempt: 1 }, 'r1', 200),
  ev(21, { type: 'flag', task: 'b', severity: 'warning', rule: 'outside-files', message: 'wrote x' }, 'r1', 200),
];

describe('folding the journal into the run record', () => {
  it('tracks each running task: step, attempt, last file written', () => {
    const record = foldEvents(emptyRecord(), aRun, 1234);
    expect(record.offset).toBe(1234);
    expect(record.updatedAt).toBe(21);
    expect(record.tasks['a']).toMatchObject({ state: 'running', step: 'agent', attempts: 2, lastFile: 'app/src/a.test.ts', startedAt: 10, pid: 100 });
    expect(record.tasks['b']).toMatchObject({ state: 'running', flags: { warning: 1, error: 0 }, pid: 200 });
    expect(record.runs).toEqual([
      { id: 'r1', startedAt: 0, status: 'running', spec: 'app/PROJECT_SPEC.md', tasks: ['a', 'b'], workers: 2, command: 'br run --auto', pids: [1, 100, 200] },
    ]);
  });

  it('takes the last file an agent wrote, not one it only read or failed to write', () => {
    const record = foldEvents(emptyRecord(), aRun.slice(0, 7));
    expect(record.tasks['a']?.lastFile).toBe('app/src/a.ts');
  });

  it('records the end: state, attempts, time, tokens, cost, commit; folding in pieces gives the same', () => {
    const end = ev(60, { type: 'task-end', task: 'a', status: 'merged', attempts: 2, durationMs: 50, tokens, costUsd: 0.25, commit: 'abc', message: 'merged' });
    const whole = foldEvents(emptyRecord(), [...aRun, end]);
    expect(whole.tasks['a']).toMatchObject({ state: 'merged', attempts: 2, durationMs: 50, tokens, costUsd: 0.25, commit: 'abc', startedAt: 10, endedAt: 60, lastFile: 'app/src/a.test.ts' });
    expect(whole.tasks['a']?.step).toBeUndefined();
    const pieces = foldEvents(foldEvents(emptyRecord(), aRun.slice(0, 5)), [...aRun.slice(5), end]);
    expect(pieces).toEqual(whole);
  });

  it('does not change the record it is given', () => {
    const before = foldEvents(emptyRecord(), aRun.slice(0, 3));
    const copy = structuredClone(before);
    foldEvents(before, aRun.slice(3));
    expect(before).toEqual(copy);
  });

  it('starts a task afresh when it runs again, and marks a reused result', () => {
    const first = [ev(1, { type: 'task-start', task: 'a', attempt: 1 }), ev(2, { type: 'task-end', task: 'a', status: 'failed', attempts: 3, durationMs: 1, tokens, costUsd: 1, message: 'x' })];
    const again = [ev(5, { type: 'task-start', task: 'a', attempt: 1 }, 'r2')];
    expect(foldEvents(emptyRecord(), [...first, ...again]).tasks['a']).toMatchObject({ state: 'running', attempts: 1, run: 'r2', costUsd: 0 });
    const reused = ev(9, { type: 'task-end', task: 'a', status: 'merged', attempts: 1, durationMs: 7, tokens, costUsd: 0.5, message: 'already', reused: true }, 'r3');
    expect(foldEvents(emptyRecord(), [...first, reused]).tasks['a']).toMatchObject({ state: 'merged', reused: true, startedAt: 2, run: 'r3' });
  });

  it('turns tasks a run left running into pending when the run ends', () => {
    const ended = foldEvents(emptyRecord(), [...aRun, ev(30, { type: 'run-end', status: 'failed', message: 'interrupted: its processes are gone' }, 'r1', 999)]);
    expect(ended.tasks['a']).toMatchObject({ state: 'pending', message: 'not finished: its run ended (interrupted: its processes are gone)' });
    expect(ended.tasks['a']?.step).toBeUndefined();
    expect(ended.runs[0]).toMatchObject({ status: 'failed', endedAt: 30 });
  });

  it('opens a run for a plain nx run-many from its first event, and keeps only the latest runs', () => {
    const events = Array.from({ length: 25 }, (_, i) => ev(i, { type: 'task-start', task: `t${i}`, attempt: 1 }, `nx-${i}`));
    const record = foldEvents(emptyRecord(), events);
    expect(record.runs).toHaveLength(20);
    expect(record.runs[0]?.id).toBe('nx-5');
    expect(latestRun(record)?.id).toBe('nx-24');
  });
});

describe('settling the record against the living processes', () => {
  it('shows a task whose process died as pending again, and its run as interrupted', () => {
    const record = foldEvents(emptyRecord(), aRun);
    const settled = settle(record, (pid) => pid === 200);
    expect(settled.tasks['a']).toMatchObject({ state: 'pending', message: 'interrupted: its process is gone' });
    expect(settled.tasks['b']?.state).toBe('running');
    expect(settled.runs[0]?.status).toBe('running');
    expect(settle(record, () => false).runs[0]?.status).toBe('interrupted');
  });

  it('counts a plain nx run as alive while its nx command lives', () => {
    const record = foldEvents(emptyRecord(), [ev(1, { type: 'task-end', task: 'a', status: 'merged', attempts: 1, durationMs: 1, tokens, costUsd: 0, message: '' }, 'nx-4242', 7)]);
    expect(settle(record, (pid) => pid === 4242).runs[0]?.status).toBe('running');
    expect(settle(record, () => false).runs[0]?.status).toBe('interrupted');
  });
});

describe('totals', () => {
  it('add up states, time, tokens and cost', () => {
    const end = (task: string, status: 'merged' | 'failed', cost: number) =>
      ev(5, { type: 'task-end', task, status, attempts: 1, durationMs: 100, tokens, costUsd: cost, message: '' });
    const record = foldEvents(emptyRecord(), [end('a', 'merged', 0.1), end('b', 'failed', 0.2), ev(6, { type: 'task-start', task: 'c', attempt: 1 })]);
    const t = totals(Object.values(record.tasks));
    expect(t).toMatchObject({ tasks: 3, durationMs: 200, costUsd: 0.3, tokens: { input: 200, output: 40, cacheRead: 100, cacheWrite: 20 } });
    expect(t.byState).toMatchObject({ merged: 1, failed: 1, running: 1, pending: 0 });
  });
});

describe('how each task of a run ended', () => {
  const tasks = [
    { id: 'a', dependsOn: [] },
    { id: 'b', dependsOn: [] },
    { id: 'c', dependsOn: ['a', 'b'] },
    { id: 'd', dependsOn: ['c'] },
    { id: 'e', dependsOn: [] },
    { id: 'f', dependsOn: [] },
  ];
  const end = (task: string, status: 'merged' | 'failed') =>
    ev(5, { type: 'task-end', task, status, attempts: 1, durationMs: 1, tokens, costUsd: 0, message: `${task} ${status}` }, 'now');
  const cached = { status: 'merged', taskId: 'e' } as TaskResult;

  it('reads what ran from the journal, cache hits from their results, and blocks the dependents of a failure', () => {
    const record = foldEvents(emptyRecord(), [
      end('a', 'merged'),
      end('b', 'failed'),
      ev(1, { type: 'task-start', task: 'f', attempt: 1 }, 'now'),
      // An earlier run's end does not count for this one.
      ev(0, { type: 'task-end', task: 'd', status: 'merged', attempts: 1, durationMs: 1, tokens, costUsd: 0, message: '' }, 'before'),
    ]);
    const outcomes = classifyRun(tasks, record, 'now', (id) => (id === 'e' ? cached : undefined));
    expect(outcomes.map((o) => [o.task, o.state, o.source, o.message])).toEqual([
      ['a', 'merged', 'ran', 'a merged'],
      ['b', 'failed', 'ran', 'b failed'],
      ['c', 'blocked', 'blocked', 'blocked: b failed'],
      ['d', 'blocked', 'blocked', 'blocked: c is blocked'],
      ['e', 'merged', 'reused', 'restored from the cache (merged)'],
      ['f', 'failed', 'interrupted', 'interrupted: its process ended without a result'],
    ]);
  });

  it('leaves tasks the run never reached as not run', () => {
    const outcomes = classifyRun([{ id: 'a', dependsOn: [] }], emptyRecord(), 'now', () => undefined);
    expect(outcomes).toEqual([{ task: 'a', state: 'pending', source: 'not-run', message: 'not run' }]);
  });
});
