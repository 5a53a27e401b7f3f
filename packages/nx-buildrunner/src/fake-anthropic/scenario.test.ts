import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenarioText } from './load-scenario';
import { ScenarioError, formatScenarioPath, validateScenario } from './scenario';
import { startFakeAnthropic } from './server';

describe('validateScenario', () => {
  it('accepts a full scenario', () => {
    const scenario = {
      tasks: {
        T1: {
          attempts: [
            { turns: [{ text: 'hi', tools: [{ name: 'view', input: { path: 'a' } }], stop: 'tool_use', delayMs: 0 }] },
          ],
        },
      },
      default: { attempts: [{ turns: [{ stop: 'refusal' }] }] },
      faults: [{ kind: 'slow', match: { task: 'T1', attempt: 1, turn: 0, endpoint: 'messages' }, times: 2, delayMs: 5, frameDelayMs: 1, retryAfterMs: 0 }],
    };
    expect(validateScenario(scenario)).toEqual({ ok: true, scenario });
    expect(validateScenario({})).toEqual({ ok: true, scenario: {} });
  });

  it('reports every problem with its path', () => {
    const check = validateScenario({
      tasks: {
        T1: { attempts: [{ turns: [{ txt: 'typo', stop: 'done' }, { tools: [{ name: 3 }] }, { stop: 'tool_use' }] }] },
        'odd id': { attempts: [] },
      },
      faults: [{ kind: '503', times: 0 }, { match: { turn: -1 } }],
      extra: true,
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'extra: unknown key (expected one of: tasks, default, faults)',
      'tasks.T1.attempts[0].turns[0].txt: unknown key (expected one of: text, tools, stop, delayMs)',
      "tasks.T1.attempts[0].turns[0].stop: expected one of 'end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'pause_turn', 'refusal', 'model_context_window_exceeded', got string \"done\"",
      'tasks.T1.attempts[0].turns[1].tools[0].name: expected a string, got number 3',
      'tasks.T1.attempts[0].turns[1].tools[0].input: is required',
      "tasks.T1.attempts[0].turns[2].stop: 'tool_use' needs at least one entry in tools",
      'tasks["odd id"].attempts: must not be empty',
      "faults[0].kind: expected one of '429', '529', '500', 'drop', 'slow', 'error-event', got string \"503\"",
      'faults[0].times: expected a whole number >= 1, got number 0',
      'faults[1].kind: is required',
      'faults[1].match.turn: expected a whole number >= 0, got number -1',
    ]);
  });

  it('rejects things that are not scenarios', () => {
    expect(validateScenario([])).toMatchObject({ ok: false, issues: [{ path: '(scenario)', message: 'expected an object, got a list' }] });
    expect(validateScenario({ tasks: [] })).toMatchObject({ ok: false, issues: [{ path: 'tasks' }] });
    expect(validateScenario({ default: { attempts: [{}] } })).toMatchObject({
      ok: false,
      issues: [{ path: 'default.attempts[0].turns', message: 'is required' }],
    });
  });

  it('formats paths', () => {
    expect(formatScenarioPath([])).toBe('(scenario)');
    expect(formatScenarioPath(['tasks', 'a.b', 'attempts', 0])).toBe('tasks["a.b"].attempts[0]');
  });
});

describe('scenario files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fake-anthropic-scenario-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const yamlText = [
    'tasks:', //                        1
    '  T1:', //                         2
    '    attempts:', //                 3
    '      - turns:', //                4
    '          - text: hello', //       5
    '            stop: finished', //    6
    'faults:', //                       7
    '  - kind: drop', //                8
    '    match: { turn: one }', //      9
    '',
  ].join('\n');

  it('points YAML problems at their lines', () => {
    const check = parseScenarioText(yamlText);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues.map((i) => [i.line, i.path])).toEqual([
      [6, 'tasks.T1.attempts[0].turns[0].stop'],
      [9, 'faults[0].match.turn'],
    ]);
  });

  it('points missing keys at the enclosing object, and syntax errors at their line', () => {
    const missing = parseScenarioText('tasks:\n  T1:\n    atempts: []\n');
    expect(missing).toMatchObject({
      ok: false,
      issues: [
        { path: 'tasks.T1.atempts', line: 3 },
        { path: 'tasks.T1.attempts', message: 'is required', line: 3 },
      ],
    });
    const broken = parseScenarioText('tasks:\n  T1: [\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.issues[0]!.line).toBeGreaterThan(1);
  });

  it('loads JSON and YAML files, and throws ScenarioError with file and line', async () => {
    const json = join(dir, 'ok.json');
    await writeFile(json, JSON.stringify({ tasks: { T1: { attempts: [{ turns: [{ text: 'x' }] }] } } }, null, 2));
    expect(loadScenario(json).tasks?.T1?.attempts[0]?.turns[0]?.text).toBe('x');

    const yaml = join(dir, 'bad.yaml');
    await writeFile(yaml, yamlText);
    const error = (() => {
      try {
        loadScenario(yaml);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toContain(`${yaml}:6: tasks.T1.attempts[0].turns[0].stop: expected one of`);
    expect((error as ScenarioError).issues).toHaveLength(2);

    expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(/cannot read/);
  });

  it('validates objects too, and the server refuses a bad scenario at start', async () => {
    expect(() => loadScenario({ tasks: { T1: { attempts: [] } } })).toThrow(ScenarioError);
    await expect(startFakeAnthropic({ scenario: { faults: [{ kind: 'nope' }] } as never })).rejects.toThrow(/faults\[0\]\.kind/);
  });

  it('starts a server from a scenario file', async () => {
    const file = join(dir, 'serve.yaml');
    await writeFile(file, 'tasks:\n  T1:\n    attempts:\n      - turns:\n          - text: from a file\n');
    const server = await startFakeAnthropic({ scenario: file });
    try {
      const res = await fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'Task: T1' }] }),
      });
      expect(await res.json()).toMatchObject({ content: [{ type: 'text', text: 'from a file' }] });
    } finally {
      await server.close();
    }
  });
});
