import { OfflineBackend } from '../../../agent/offline';
import { makeTask, makeWorkspace, SPEC, type Workspace } from '../../../executors/task/__fixtures__/workspace';
import { runTask } from '../../../executors/task/run-task';
import type { TaskRunOutcome, TaskVerification } from '../../../executors/task/types';
import type { ScriptedToolCall } from '../../../fake-anthropic';
import type { TaskDefinition } from '../../../plugin/target-options';
import type { Requirement } from '../../../spec/types';
import { memorySink } from '../../journal/file-sink';
import type { JournalEvent } from '../../journal/types';

/**
 * A small project the adversarial agent works on: `add` has a bug its tests catch, `multiply` is
 * still to be written. Paths are relative to the repository; the spec lives in `app/`.
 */
export const MATH_TEST = `const { test } = require('node:test');
const assert = require('node:assert');
const { add } = require('../src/math');

test('adds positive numbers', () => {
  assert.strictEqual(add(2, 3), 5);
});

test('adds negative numbers', () => {
  assert.strictEqual(add(-2, -3), -5);
  assert.strictEqual(add(-1, 1), 0);
});
`;

export const PY_TEST = `import unittest

from calc import add


class TestAdd(unittest.TestCase):
    def test_positive(self):
        self.assertEqual(add(2, 3), 5)

    def test_negative(self):
        self.assertEqual(add(-2, -3), -5)
`;

export const PROJECT: Record<string, string> = {
  'README.md': '# demo\n',
  '.gitignore': 'node_modules/\n__pycache__/\n',
  [SPEC]: '# Calculator\n\n## Features\n\n### Feature 1: Math\n\n**Acceptance Criteria:**\n- [ ] add(2, 3) is 5\n',
  'app/package.json': `${JSON.stringify({ name: 'calc', private: true, scripts: { test: 'node --test test/' } }, null, 2)}\n`,
  'app/src/math.js': 'exports.add = (a, b) => a - b;\n',
  'app/src/format.js': "exports.format = (n) => 'n=' + n;\n",
  'app/test/math.test.js': MATH_TEST,
  'app/test/format.test.js':
    "const { test } = require('node:test');\nconst assert = require('node:assert');\nconst { format } = require('../src/format');\n\ntest('formats', () => {\n  assert.strictEqual(format(1), 'n=1');\n});\n",
  'app/calc.py': 'def add(a, b):\n    return a - b\n',
  'app/tests/test_calc.py': PY_TEST,
};

export const MULTIPLY_REQUIREMENTS: Requirement[] = [
  { id: 'calc.r1', text: 'multiply(a, b) returns the product of two numbers', line: 12, done: false },
  { id: 'calc.r2', text: 'multiply.test.js checks multiply', line: 13, done: false },
];

/** Write `multiply` and its test: the files the spec names for it. */
export const multiplyTask: TaskDefinition = makeTask('add-multiply', {
  featureId: 'calc',
  title: 'Multiply',
  description: 'Add multiply(a, b) to the calculator.',
  files: ['src/multiply.js', 'test/multiply.test.js'],
  requirements: ['calc.r1', 'calc.r2'],
  acceptance: ['multiply(2, 3) is 6'],
  verify: ['node --test test/multiply.test.js'],
});

/** Fix `add`; its tests already say what is right. */
export const fixAddTask: TaskDefinition = makeTask('fix-add', {
  featureId: 'calc',
  title: 'Fix add',
  description: 'add(a, b) subtracts; make it add, so that add(2, 3) is 5.',
  files: ['src/math.js'],
  acceptance: ['add(2, 3) is 5'],
  verify: ['node --test test/'],
});

export const fixPythonAddTask: TaskDefinition = makeTask('fix-py-add', {
  featureId: 'calc',
  title: 'Fix add in Python',
  description: 'add(a, b) subtracts; make it add, so that add(2, 3) is 5.',
  files: ['calc.py'],
  acceptance: ['add(2, 3) is 5'],
  verify: ['PYTHONPATH=. python3 -B -m unittest discover -s tests'],
});

export const MULTIPLY = "exports.multiply = (a, b) => a * b;\n";
export const MULTIPLY_TEST =
  "const { test } = require('node:test');\nconst assert = require('node:assert');\nconst { multiply } = require('../src/multiply');\n\ntest('multiplies', () => {\n  assert.strictEqual(multiply(2, 3), 6);\n});\n";

export const create = (path: string, content: string): ScriptedToolCall => ({ name: 'create_file', input: { path, content } });
export const replace = (path: string, oldStr: string, newStr: string): ScriptedToolCall => ({ name: 'str_replace', input: { path, old_str: oldStr, new_str: newStr } });
export const shell = (command: string): ScriptedToolCall => ({ name: 'run_command', input: { command } });

export interface AdversaryRun {
  ws: Workspace;
  outcome: TaskRunOutcome;
  events: JournalEvent[];
  /** The integration branch's tip before the task ran. */
  before: string | undefined;
}

/**
 * One task, end to end through `runTask`, with the offline agent playing a model that does the
 * same thing on every attempt and then claims success. The caller cleans up `ws`.
 */
export async function runAdversary(task: TaskDefinition, tools: ScriptedToolCall[], verification: TaskVerification = {}, extra: Partial<Parameters<typeof runTask>[0]> = {}): Promise<AdversaryRun> {
  const ws = await makeWorkspace(PROJECT);
  ws.repo.git(['branch', 'br/integration']);
  const before = ws.tip();
  const claim = { text: 'All done: the task is complete and every test passes.' };
  const turns = tools.length === 0 ? [claim] : [{ text: 'Working on it.', tools }, claim];
  const agent = new OfflineBackend({ scenario: { tasks: { [task.id]: { attempts: [{ turns }] } } } });
  const journal = memorySink('adversary');
  const outcome = await runTask(
    { task, workspaceRoot: ws.dir, spec: SPEC, verification: { retries: 1, ...verification }, ...extra },
    { ...ws.deps(agent), journal },
  );
  return { ws, outcome, events: journal.events, before };
}
