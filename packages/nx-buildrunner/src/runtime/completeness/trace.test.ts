import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSpec } from '../../plan';
import type { Plan } from '../../plan/types';
import { taskOutputDir } from '../../plugin/paths';
import { parseSpec } from '../../spec';
import { buildTaskResult } from '../record/build';
import type { TaskResult, TaskStatus } from '../record/types';
import { writeTaskResult } from '../record/write';
import { readTraceResults } from './read-results';
import { renderTrace } from './render-trace';
import { traceRequirements } from './trace';

const SPEC = `# Notes app

## Features

### Feature 1: Storage
**Requirements:**
- Notes are saved to \`src/store.ts\`
- Saving twice keeps one copy

**Acceptance Criteria:**
- [ ] A saved note can be read back

### Feature 2: Search
**Requirements:**
- Search by word

**Acceptance Criteria:**
- [ ] Finds a note by a word in it

### Feature 3: Export
**Requirements:**
- Export as JSON
`;

function plan(): Plan {
  return planSpec(parseSpec(SPEC, 'PROJECT_SPEC.md'));
}

function result(p: Plan, id: string, status: TaskStatus, extra: Partial<TaskResult> = {}): TaskResult {
  const task = p.tasks.find((t) => t.id === id);
  if (task === undefined) throw new Error(`no task ${id}`);
  const at = new Date(0);
  const attempts = [{ n: 1, agent: { status: 'done' as const, summary: '', calls: [], filesWritten: [] }, durationMs: 1 }];
  return {
    ...buildTaskResult({ taskId: id, title: task.title, taskHash: task.hash, status, attempts, timings: {}, startedAt: at, finishedAt: at }),
    ...extra,
  };
}

describe('traceRequirements', () => {
  it('maps every requirement and criterion to its tasks and their verification', () => {
    const p = plan();
    expect(p.tasks.map((t) => t.id)).toEqual(['storage', 'search', 'export']);
    const results = new Map([
      ['storage', result(p, 'storage', 'merged')],
      ['search', result(p, 'search', 'failed', { error: 'verification failed: spec-files: NOT DONE: src/search.ts is missing' })],
    ]);

    const trace = traceRequirements(p, results);

    expect(trace.complete).toBe(false);
    expect(trace.features.map((f) => [f.id, f.state])).toEqual([
      ['storage', 'verified'],
      ['search', 'failed'],
      ['export', 'pending'],
    ]);
    expect(trace.features[0]?.requirements).toEqual([
      { id: 'storage.r1', kind: 'requirement', featureId: 'storage', text: 'Notes are saved to `src/store.ts`', line: 7, tasks: ['storage'], state: 'verified' },
      { id: 'storage.r2', kind: 'requirement', featureId: 'storage', text: 'Saving twice keeps one copy', line: 8, tasks: ['storage'], state: 'verified' },
    ]);
    expect(trace.features[0]?.acceptance).toEqual([
      { id: 'storage.a1', kind: 'acceptance', featureId: 'storage', text: 'A saved note can be read back', line: 11, tasks: ['storage'], state: 'verified' },
    ]);
    expect(trace.tasks.find((t) => t.id === 'search')).toEqual({
      id: 'search',
      title: 'Search',
      featureId: 'search',
      state: 'failed',
      attempts: 1,
      error: 'verification failed: spec-files: NOT DONE: src/search.ts is missing',
    });
    expect(trace.totals).toEqual({
      requirements: { total: 4, verified: 2 },
      acceptance: { total: 2, verified: 1 },
      tasks: { total: 3, merged: 1, failed: 1, blocked: 0, skipped: 0, pending: 1, stale: 0 },
    });
  });

  it('is complete only when every requirement is covered by a merged task of the current definition', () => {
    const p = plan();
    const all = new Map(p.tasks.map((t) => [t.id, result(p, t.id, 'merged')]));
    expect(traceRequirements(p, all).complete).toBe(true);

    // A result of an older definition of the task does not count.
    const stale = new Map(all).set('export', { ...result(p, 'export', 'merged'), taskHash: 'old' });
    const trace = traceRequirements(p, stale);
    expect(trace.complete).toBe(false);
    expect(trace.features[2]?.requirements[0]?.state).toBe('stale');

    // A requirement no task covers (a hand-edited plan) is uncovered, whatever ran.
    const gap: Plan = { ...p, tasks: p.tasks.map((t) => (t.id === 'storage' ? { ...t, requirements: ['storage.r1'] } : t)) };
    const gapped = traceRequirements(gap, all);
    expect(gapped.complete).toBe(false);
    expect(gapped.features[0]?.requirements[1]).toMatchObject({ id: 'storage.r2', tasks: [], state: 'uncovered' });
    expect(gapped.features[0]?.state).toBe('uncovered');
  });

  it('renders a report that says loudly what is not verified', () => {
    const p = plan();
    const results = new Map([
      ['storage', result(p, 'storage', 'merged')],
      ['search', result(p, 'search', 'failed', { error: 'verification failed: tests-intact: test/search.test.ts deletes the test file' })],
    ]);
    expect(renderTrace(traceRequirements(p, results))).toBe(
      [
        'Requirements of Notes app (PROJECT_SPEC.md)',
        '  requirements 2/4 verified, acceptance criteria 1/2 verified, tasks 1/3 merged',
        '',
        'Feature Storage (storage, line 5): verified',
        '  verified   storage.r1  Notes are saved to `src/store.ts` (line 7)',
        '               <- storage merged',
        '  verified   storage.r2  Saving twice keeps one copy (line 8)',
        '               <- storage merged',
        '  verified   storage.a1  criterion A saved note can be read back (line 11)',
        '               <- storage merged',
        '',
        'Feature Search (search, line 13): FAILED',
        '  FAILED     search.r1  Search by word (line 15)',
        '               <- search failed after 1 attempt: verification failed: tests-intact: test/search.test.ts deletes the test file',
        '  FAILED     search.a1  criterion Finds a note by a word in it (line 18)',
        '               <- search failed after 1 attempt: verification failed: tests-intact: test/search.test.ts deletes the test file',
        '',
        'Feature Export (export, line 20): pending',
        '  pending    export.r1  Export as JSON (line 22)',
        '               <- export pending',
        '',
        'INCOMPLETE: 2 failed, 1 pending, 2 tasks not merged.',
      ].join('\n'),
    );
    const done = new Map(p.tasks.map((t) => [t.id, result(p, t.id, 'merged')]));
    expect(renderTrace(traceRequirements(p, done)).split('\n').at(-1)).toBe('COMPLETE: every requirement and acceptance criterion is covered by a verified task.');
  });
});

describe('readTraceResults', () => {
  it('reads the results the task executor wrote, and names unusable ones', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'br-trace-'));
    try {
      const p = plan();
      await writeTaskResult(taskOutputDir(root, 'PROJECT_SPEC.md', 'storage'), result(p, 'storage', 'merged'));
      const broken = taskOutputDir(root, 'PROJECT_SPEC.md', 'search');
      await writeTaskResult(broken, result(p, 'search', 'merged'));
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(broken, 'result.json'), '{ not json');

      const read = await readTraceResults(root, 'PROJECT_SPEC.md', p);

      expect([...read.results.keys()]).toEqual(['storage']);
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]).toMatch(/search\/result\.json: not JSON/);
      expect(traceRequirements(p, read.results).features.map((f) => f.state)).toEqual(['verified', 'pending', 'pending']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
