import { describe, expect, it } from 'vitest';
import { ClaudeStreamReader } from './claude-code-stream';

const line = (value: unknown) => JSON.stringify(value);
const toolUse = (id: string, name: string, input: unknown, messageId = `m-${id}`) =>
  line({ type: 'assistant', message: { id: messageId, content: [{ type: 'tool_use', id, name, input }] } });
const toolResult = (id: string, isError = false) =>
  line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: id, content: 'x', is_error: isError }] } });

describe('ClaudeStreamReader', () => {
  it('skips lines that are not protocol and has no outcome without a result', () => {
    const reader = new ClaudeStreamReader(['/wt']);
    expect(reader.push('Warning: something')).toEqual([]);
    expect(reader.push('[1,2]')).toEqual([]);
    expect(reader.push(line({ type: 'assistant', message: 'nonsense' }))).toEqual([]);
    expect(reader.outcome('m')).toBeUndefined();
  });

  it('records only successful writes inside the worktree, by either of its names', () => {
    const reader = new ClaudeStreamReader(['/tmp/wt', '/private/tmp/wt']);
    reader.push(toolUse('1', 'Write', { file_path: '/private/tmp/wt/a.ts' }));
    reader.push(toolResult('1'));
    reader.push(toolUse('2', 'Edit', { file_path: '/tmp/wt/b.ts' }));
    reader.push(toolResult('2', true));
    reader.push(toolUse('3', 'Write', { file_path: '/etc/passwd' }));
    reader.push(toolResult('3'));
    reader.push(toolUse('4', 'Read', { file_path: '/tmp/wt/c.ts' }));
    reader.push(toolResult('4'));
    reader.push(toolUse('5', 'MultiEdit', { file_path: 'lib/d.ts' }));
    reader.push(toolResult('5'));
    reader.push(line({ type: 'result', subtype: 'success', is_error: false, result: 'ok' }));
    expect(reader.outcome('m')?.filesWritten).toEqual(['a.ts', 'lib/d.ts']);
  });

  it('makes one call per model in modelUsage, ignoring nonsense numbers', () => {
    const reader = new ClaudeStreamReader(['/wt']);
    reader.push(
      line({
        type: 'result',
        subtype: 'success',
        is_error: false,
        duration_ms: 900,
        modelUsage: {
          'claude-sonnet-4-6': { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: -3, cacheCreationInputTokens: 'many', costUSD: 0.5 },
          'claude-haiku-4-5': { inputTokens: 7, outputTokens: 1, costUSD: 'free' },
        },
      }),
    );
    expect(reader.outcome('m')?.calls).toEqual([
      { model: 'claude-sonnet-4-6', tokens: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 }, durationMs: 900, reportedCostUsd: 0.5 },
      { model: 'claude-haiku-4-5', tokens: { inputTokens: 7, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 }, durationMs: 0 },
    ]);
  });

  it('names an unknown failure subtype with the errors the CLI listed', () => {
    const reader = new ClaudeStreamReader(['/wt']);
    reader.push(line({ type: 'result', subtype: 'error_something_new', is_error: true, errors: ['boom', 3] }));
    expect(reader.outcome('m')).toMatchObject({ status: 'failed', error: 'Claude Code ended with error_something_new (is_error): boom' });
  });
});
