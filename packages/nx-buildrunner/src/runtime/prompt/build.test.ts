import { describe, expect, it } from 'vitest';
import { makeTask, memoryFs } from '../context/__fixtures__/memory';
import { buildContext } from '../context/build';
import type { Context } from '../context/types';
import { buildPrompt } from './build';
import { naivePrompt } from './naive';
import { renderPromptFile } from './render';

const KEY = `sk-ant-api03-${'Qx7'.repeat(20)}`;

async function contextFor(taskId: string, files: Record<string, string> = {}, budget?: number): Promise<Context> {
  const task = makeTask({ id: taskId, title: `Title of ${taskId}`, files: ['src/a.js'] });
  return buildContext({ task, specDir: 'kit', dependencies: [], verifyCommands: ['node --test'], env: {}, budget }, memoryFs(files));
}

describe('buildPrompt', () => {
  it('starts with the task and attempt lines the offline agent routes on', async () => {
    const prompt = buildPrompt({ context: await contextFor('slugify'), attempt: 1, env: {} });
    const [first, second, third] = prompt.user.split('\n');
    expect(first).toBe('Task: slugify');
    expect(second).toBe('Attempt: 1');
    expect(third).toBe('');
    expect(/^Task: (\S+)$/m.exec(prompt.user)?.[1]).toBe('slugify');
    expect(/^Attempt: (\d+)$/m.exec(prompt.user)?.[1]).toBe('1');
    expect(prompt.user).toContain('# Title of slugify');
    expect(prompt.user).toContain('- [ ] Tests pass');
  });

  it('keeps the system part identical across tasks and free of task text', async () => {
    const a = buildPrompt({ context: await contextFor('alpha', { 'kit/src/a.js': 'const a = 1;\n' }), attempt: 1, env: {} });
    const b = buildPrompt({ context: await contextFor('beta'), attempt: 3, feedback: 'boom', env: {} });
    expect(a.system).toBe(b.system);
    expect(a.system).not.toMatch(/alpha|beta|Attempt|\d{4}-\d{2}-\d{2}/);
    expect(a.user).not.toBe(b.user);
  });

  it('ends with an explicit stop point', async () => {
    const prompt = buildPrompt({ context: await contextFor('slugify'), attempt: 1, env: {} });
    const stop = prompt.user.slice(prompt.user.lastIndexOf('## '));
    expect(stop).toMatch(/^## Stop point\nStop when every acceptance criterion of task `slugify` holds and every verify command passes\. Do not start other tasks/);
  });

  it('includes the previous failure from the second attempt on', async () => {
    const context = await contextFor('slugify');
    const feedback = 'Verification failed.\n`node --test` exited with code 1:\nAssertionError: expected hello-world';
    const retry = buildPrompt({ context, attempt: 2, feedback, env: {} });
    expect(retry.user.split('\n').slice(0, 2)).toEqual(['Task: slugify', 'Attempt: 2']);
    expect(retry.user).toContain('## Attempt 1 failed verification');
    expect(retry.user).toContain('AssertionError: expected hello-world');
    expect(retry.user.indexOf('AssertionError')).toBeLessThan(retry.user.indexOf('## Stop point'));
    const first = buildPrompt({ context, attempt: 1, feedback, env: {} });
    expect(first.user).not.toContain('failed verification');
  });

  it('scrubs secrets from context, feedback and anything else in the task part', async () => {
    const context = await contextFor('slugify', { 'kit/src/a.js': `const k = '${KEY}';\n` });
    const prompt = buildPrompt({
      context,
      attempt: 2,
      feedback: `ANTHROPIC_API_KEY=${KEY}\nleaked env value: env-only-secret-42`,
      env: { DEPLOY_TOKEN: 'env-only-secret-42' },
    });
    expect(prompt.user).not.toContain(KEY);
    expect(prompt.user).not.toContain('env-only-secret-42');
    expect(prompt.user).toContain('leaked env value: [redacted]');
  });

  it('groups context sections and names files left out for lack of room', async () => {
    const big = Array.from({ length: 400 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const roomy = buildPrompt({ context: await contextFor('slugify', { 'kit/src/a.js': 'const a = 1;\n' }), attempt: 1, env: {} });
    expect(roomy.user).toContain('## Current content of the files to change\n\n### `kit/src/a.js` (current content)');
    const tight = buildPrompt({ context: await contextFor('slugify', { 'kit/src/a.js': big }, 120), attempt: 1, env: {} });
    expect(tight.user).toContain('## Not shown for lack of room (open them if you need them)\n- `kit/src/a.js` (a file to change; over the token budget)');
  });
});

describe('renderPromptFile', () => {
  it('shows both parts exactly, fenced so nothing inside can close the fence', () => {
    const md = renderPromptFile({ system: 'rules', user: 'Task: x\nAttempt: 1\n```js\ncode\n```' }, 'Task x, attempt 1');
    expect(md).toBe('# Task x, attempt 1\n\n## System\n\n```\nrules\n```\n\n## User\n\n````\nTask: x\nAttempt: 1\n```js\ncode\n```\n````\n');
  });
});

describe('naivePrompt', () => {
  it('holds the whole spec and every file the task touches', () => {
    const prompt = naivePrompt('# Spec\n\nall of it', [{ path: 'src/a.js', text: 'const a = 1;' }]);
    expect(prompt.user).toBe('# Project spec\n\n# Spec\n\nall of it\n\n## `src/a.js`\n```js\nconst a = 1;\n```');
  });
});
