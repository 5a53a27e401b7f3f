import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileJournalSink } from './file-sink';
import { journalPath } from './paths';
import { JournalTail, parseJournalLines, readJournal } from './read';
import { newRunId, runIdFromEnv } from './run-id';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'br-journal-'));
  dirs.push(dir);
  return dir;
}

describe('the journal file sink', () => {
  it('appends one JSON line per event with version, time, run and pid', () => {
    const root = tempRoot();
    const file = journalPath(root);
    const sink = fileJournalSink(file, { run: 'r1', now: () => 1000, pid: 42 });
    sink.append({ type: 'task-start', task: 'alpha', attempt: 1 });
    sink.append({ type: 'task-step', task: 'alpha', step: 'agent', attempt: 1 });
    sink.close();

    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] as string)).toEqual({ type: 'task-start', task: 'alpha', attempt: 1, v: 1, t: 1000, run: 'r1', pid: 42 });
    expect(file).toBe(path.join(root, '.buildrunner', 'journal.jsonl'));
  });

  it('scrubs secret values out of events', () => {
    const file = journalPath(tempRoot());
    const key = 'sk-ant-' + 'api03-SECRETSECRET-0123456789abcdef';
    const sink = fileJournalSink(file, { run: 'r', env: { ANTHROPIC_API_KEY: key } });
    sink.append({ type: 'run-end', status: 'failed', message: `the key ${key} leaked` });
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(readFileSync(file, 'utf8')).toContain('[redacted]');
  });

  it('starts on a fresh line after a torn last line, and readers skip the fragment', () => {
    const file = journalPath(tempRoot());
    const first = fileJournalSink(file, { run: 'r' });
    first.append({ type: 'task-start', task: 'a', attempt: 1 });
    first.close();
    // A process killed in the middle of its write.
    appendFileSync(file, '{"type":"task-end","task":"a","sta');
    const second = fileJournalSink(file, { run: 'r' });
    second.append({ type: 'task-start', task: 'b', attempt: 1 });
    second.close();

    const read = readJournal(file);
    expect(read.events.map((e) => e.type === 'task-start' && e.task)).toEqual(['a', 'b']);
    expect(read.skipped).toBe(1);
  });

  it('never throws, and says why an event was lost', () => {
    const root = tempRoot();
    // The journal's folder is a file: nothing can be written.
    writeFileSync(path.join(root, '.buildrunner'), 'not a folder');
    const sink = fileJournalSink(journalPath(root), { run: 'r' });
    expect(() => sink.append({ type: 'task-start', task: 'a', attempt: 1 })).not.toThrow();
    expect(sink.problem()).toMatch(/journal .*journal\.jsonl/);
  });

  it('keeps every line whole when several processes append at once', async () => {
    const file = journalPath(tempRoot());
    // Child processes run the built sink (the package's test target builds first).
    const sinkModule = path.resolve(__dirname, '../../../dist/runtime/journal/file-sink.js');
    const writer = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const code = `
          const { fileJournalSink } = require(${JSON.stringify(sinkModule)});
          const sink = fileJournalSink(${JSON.stringify(file)}, { run: 'r' });
          for (let i = 0; i < 300; i++) sink.append({ type: 'agent-tool', task: 'w${n}', name: 'create_file', path: 'x'.repeat(${n * 700}) + i, ok: true });
        `;
        const child = spawn(process.execPath, ['-e', code], { stdio: 'inherit' });
        child.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`writer exited ${c}`))));
      });
    await Promise.all([writer(1), writer(2), writer(3)]);
    const read = readJournal(file);
    expect(read.skipped).toBe(0);
    expect(read.events).toHaveLength(900);
  }, 60_000);
});

describe('reading the journal', () => {
  it('skips lines that are not events of this version', () => {
    const text = [
      JSON.stringify({ v: 1, t: 1, run: 'r', pid: 1, type: 'task-start', task: 'a', attempt: 1 }),
      JSON.stringify({ v: 2, t: 1, run: 'r', pid: 1, type: 'task-start', task: 'a', attempt: 1 }),
      JSON.stringify({ v: 1, t: 1, run: 'r', pid: 1, type: 'mystery', task: 'a' }),
      JSON.stringify({ v: 1, t: 1, run: 'r', pid: 1, type: 'task-start' }),
      '',
      'garbage',
    ].join('\n');
    const parsed = parseJournalLines(text);
    expect(parsed.events).toHaveLength(1);
    expect(parsed.skipped).toBe(4);
  });

  it('tails by byte offset: only new complete lines, a half-written line once it is whole', () => {
    const file = journalPath(tempRoot());
    const sink = fileJournalSink(file, { run: 'r' });
    const tail = new JournalTail(file);
    expect(tail.poll()).toEqual([]);
    sink.append({ type: 'task-start', task: 'a', attempt: 1 });
    expect(tail.poll().map((e) => e.type)).toEqual(['task-start']);
    expect(tail.poll()).toEqual([]);

    const line = JSON.stringify({ v: 1, t: 5, run: 'r', pid: 1, type: 'task-start', task: 'b', attempt: 1 });
    appendFileSync(file, line.slice(0, 20));
    expect(tail.poll()).toEqual([]);
    const before = tail.offset;
    appendFileSync(file, `${line.slice(20)}\n`);
    expect(tail.poll().map((e) => (e.type === 'task-start' ? e.task : ''))).toEqual(['b']);
    expect(tail.offset).toBe(before + line.length + 1);

    // A later tail picks up where this one stopped.
    sink.append({ type: 'task-start', task: 'c', attempt: 1 });
    const resumed = new JournalTail(file, tail.offset);
    expect(resumed.poll().map((e) => (e.type === 'task-start' ? e.task : ''))).toEqual(['c']);
  });

  it('starts again from the beginning when the file was replaced by a shorter one', () => {
    const file = journalPath(tempRoot());
    const sink = fileJournalSink(file, { run: 'r' });
    sink.append({ type: 'task-start', task: 'a', attempt: 1 });
    sink.append({ type: 'task-start', task: 'b', attempt: 1 });
    sink.close();
    const tail = new JournalTail(file);
    expect(tail.poll()).toHaveLength(2);
    writeFileSync(file, `${JSON.stringify({ v: 1, t: 1, run: 'r', pid: 1, type: 'task-start', task: 'z', attempt: 1 })}\n`);
    expect(tail.poll().map((e) => (e.type === 'task-start' ? e.task : ''))).toEqual(['z']);
  });
});

describe('run ids', () => {
  it('come from BR_RUN_ID, else from the nx command that started the task, else from the process', () => {
    expect(runIdFromEnv({ BR_RUN_ID: 'abc' }, 7)).toBe('abc');
    expect(runIdFromEnv({ NX_INVOCATION_ROOT_PID: '1234' }, 7)).toBe('nx-1234');
    expect(runIdFromEnv({}, 7)).toBe('pid-7');
  });

  it('sort by start time', () => {
    const a = newRunId(new Date('2026-01-02T03:04:05.678Z'));
    expect(a).toMatch(/^20260102T030405Z-[0-9a-f]{6}$/);
    expect(newRunId(new Date('2026-01-02T03:04:06Z')) > a).toBe(true);
  });
});
