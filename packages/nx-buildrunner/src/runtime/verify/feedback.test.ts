import { describe, expect, it } from 'vitest';
import { resolveVerifyCommands } from './commands';
import { feedbackFor } from './feedback';
import { HeadTail, trimMiddle } from '../../process/head-tail';
import type { CommandRun, VerifyReport } from './types';

function run(command: string, exitCode: number | null, output: string, timedOut = false): CommandRun {
  return { command, exitCode, durationMs: 1234, timedOut, output };
}

function report(overrides: Partial<VerifyReport>): VerifyReport {
  return { ok: false, missingFiles: [], emptyFiles: [], commands: [], checks: [], durationMs: 5, summary: 'failed', ...overrides };
}

describe('feedbackFor', () => {
  it('is empty for a passing report', () => {
    expect(feedbackFor(report({ ok: true, summary: 'verified' }), 1000)).toBe('');
  });

  it('names missing files, failed checks and failing commands with their output', () => {
    const text = feedbackFor(
      report({
        missingFiles: ['src/a.js'],
        emptyFiles: ['test/a.test.js'],
        checks: [{ name: 'tests-intact', ok: false, message: 'assertion removed' }],
        commands: [run('npm test', 1, 'FAIL a.test.js\nexpected 1 to be 2\n'), run('true', 0, 'fine'), run('slow', null, 'waiting', true)],
      }),
      2000,
    );
    expect(text).toBe(
      [
        'Verification failed.',
        'Missing files: src/a.js',
        'Empty files: test/a.test.js',
        'Check tests-intact failed: assertion removed',
        '--- `npm test` exited with code 1 after 1.2 s; output:',
        'FAIL a.test.js\nexpected 1 to be 2',
        '--- `slow` timed out after 1.2 s; output:',
        'waiting',
      ].join('\n'),
    );
  });

  it('fits in maxChars, sharing the room among failing commands by head and tail', () => {
    const long = (tag: string) => Array.from({ length: 2000 }, (_, i) => `${tag} line ${i}`).join('\n');
    const text = feedbackFor(report({ commands: [run('a', 1, long('A')), run('b', 2, long('B'))] }), 1500);
    expect(text.length).toBeLessThanOrEqual(1500);
    for (const tag of ['A', 'B']) {
      expect(text).toContain(`${tag} line 0\n`);
      expect(text).toContain(`${tag} line 1999`);
    }
    expect(text.match(/characters omitted/g)?.length).toBe(2);
  });
});

describe('HeadTail and trimMiddle', () => {
  it('keeps everything that fits and head plus tail of the rest, across chunks', () => {
    const buffer = new HeadTail(5, 5);
    for (const chunk of ['abc', 'defgh', 'ijklmnop', 'qrstuvwxyz']) buffer.push(chunk);
    expect(buffer.toString()).toBe('abcde\n[... 16 characters omitted ...]\nvwxyz');
    const small = new HeadTail(5, 5);
    small.push('abc');
    small.push('defg');
    expect(small.toString()).toBe('abcdefg');
    expect(trimMiddle('short', 100)).toBe('short');
    expect(trimMiddle('x'.repeat(500), 100).length).toBeLessThanOrEqual(100);
  });
});

describe('resolveVerifyCommands', () => {
  it('prefers the task’s commands, then the plugin’s, then the workspace test target', () => {
    expect(resolveVerifyCommands({ verify: ['node --test'] }, { plugin: ['npm test'] })).toEqual({ commands: ['node --test'], source: 'task' });
    expect(resolveVerifyCommands({ verify: [] }, { plugin: ['npm test'], workspace: 'nx test app' })).toEqual({ commands: ['npm test'], source: 'plugin' });
    expect(resolveVerifyCommands({ verify: [] }, { workspace: 'nx test app' })).toEqual({ commands: ['nx test app'], source: 'workspace' });
    expect(resolveVerifyCommands({ verify: [] })).toEqual({ commands: [], source: 'none' });
  });
});
