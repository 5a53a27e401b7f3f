import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerInput } from '../__fixtures__/reader-input';
import { readKiro } from './kiro';

const fixture = readFileSync(join(__dirname, '../__fixtures__/kiro-tasks.md'), 'utf8');

describe('readKiro', () => {
  const drafts = readKiro(readerInput(fixture));

  it('makes each top-level task a feature spanning its sub-tasks', () => {
    expect(drafts.map((d) => [d.number, d.title, d.line, d.endLine])).toEqual([
      [1, 'Set up the project skeleton and shared types', 3, 6],
      [2, 'Build the reminder store', 8, 15],
      [3, 'Schedule notifications', 17, 21],
      [4, 'Expose the HTTP API', 23, 24],
    ]);
  });

  it('folds details and requirement traces into sub-task requirements', () => {
    expect(drafts[1]?.requirements).toEqual([
      { text: '2.1 Write the storage interface and an in-memory store: Add src/store/memory-store.ts with create, list and delete (Requirements: 2.1)', line: 9, done: true },
      { text: '2.2 Add the SQLite store behind the same interface: Create src/store/sqlite-store.ts; Reuse the interface tests for both stores (Requirements: 2.1, 2.3)', line: 12, done: false },
    ]);
    expect(drafts[2]?.requirements.map((r) => r.text)).toEqual([
      '3.1 Compute the next run time from a cron expression (Requirements: 3.1)',
      '3.2 Property tests for the scheduler (Requirements: 3.2) (optional)',
    ]);
  });

  it('reads the detail bullets of a task without sub-tasks as requirements', () => {
    expect(drafts[0]?.requirements.map((r) => [r.text, r.done])).toEqual([
      ['Create the folder layout for models, services and the HTTP layer', true],
      ['Define the `Reminder` and `Schedule` interfaces in src/types.ts', true],
    ]);
    expect(drafts[0]?.description).toEqual([{ text: 'Requirements: 1.1, 1.2', line: 6 }]);
  });

  it('orders tasks one after another and knows sub-tasks by number', () => {
    expect(drafts.map((d) => d.refs.map((r) => (r.kind === 'fixed' ? r.targets : [])).flat())).toEqual([[], [0], [1], [2]]);
    expect(drafts[1]?.aliases).toEqual(['2.1', '2.2']);
    expect(drafts[3]?.components).toEqual([{ path: 'src/http/routes.ts', action: 'update', line: 24 }]);
  });
});
