import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../../fake-anthropic';
import { FAKE_KEY, INTEGRATION, makeTask, makeWorkspace, SPEC, startApi, type Api, type Workspace } from './__fixtures__/workspace';
import { runTask } from './run-task';

let ws: Workspace | undefined;
let api: Api | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  ws = api = undefined;
});

/** Everything written to the process's stdout and stderr while `fn` runs. */
async function captureOutput<T>(fn: () => Promise<T>): Promise<[T, string]> {
  let captured = '';
  const grab = (chunk: unknown) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(grab);
  vi.spyOn(process.stderr, 'write').mockImplementation(grab);
  try {
    return [await fn(), captured];
  } finally {
    vi.restoreAllMocks();
  }
}

function outputs(ws: Workspace, taskId: string): string {
  const dir = ws.outputDir(taskId);
  return readdirSync(dir)
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

const task = makeTask('use-config', {
  files: ['src/hello.ts'],
  description: 'Greet using the settings in src/config.ts.',
  verify: ['grep -q Hello src/hello.ts', 'echo "verify sees key=[$ANTHROPIC_API_KEY]"'],
});

describe('runTask keeps the API key out of everything it writes or sends', () => {
  it('in results, prompts, the patch, logs, terminal output and the requests sent', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', FAKE_KEY);
    // A project file holding the key: it is a neighbour of the task's file, so context wants it.
    const w = await makeWorkspace({ 'app/PROJECT_SPEC.md': '# Spec\n', 'app/src/config.ts': `export const apiKey = '${FAKE_KEY}';\n` });
    ws = w;
    const scenario: Scenario = {
      tasks: {
        'use-config': {
          attempts: [
            {
              turns: [
                { tools: [{ name: 'view_file', input: { path: 'app/src/config.ts' } }, { name: 'run_command', input: { command: 'echo "key=[$ANTHROPIC_API_KEY]"; env | grep -c ANTHROPIC_API_KEY' } }] },
                { tools: [{ name: 'create_file', input: { path: 'app/src/hello.ts', content: "export const hello = () => 'Hello';\n" } }] },
                { text: 'Done.' },
              ],
            },
          ],
        },
      },
    };
    const a = await startApi(scenario);
    api = a;

    const [outcome, terminal] = await captureOutput(() =>
      runTask({ task, workspaceRoot: w.dir, spec: SPEC }, { ...w.deps(a.agent), log: (line) => process.stdout.write(`${line}\n`) }),
    );

    expect(outcome.success).toBe(true);
    expect(terminal).toContain('[use-config] merged');
    const written = outputs(w, 'use-config');
    expect(written).toContain('"status": "merged"');
    expect(written).toContain('```'); // prompt.md is there
    expect(written).toContain('diff --git'); // so is change.patch
    const sent = JSON.stringify(a.server.requests);
    expect(sent).toContain('[redacted]'); // the config file, as the agent saw it
    expect(sent).toContain('[REDACTED]'); // the key header, as the server logged it
    expect(sent).toContain('key=[]'); // commands run without it
    for (const text of [written, terminal, sent, JSON.stringify(outcome)]) expect(text).not.toContain(FAKE_KEY);
  });

  it('refuses to merge a change that contains the key, and keeps it out of the patch', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', FAKE_KEY);
    ws = await makeWorkspace();
    ws.repo.git(['branch', INTEGRATION]);
    const before = ws.tip();
    api = await startApi({
      tasks: {
        'use-config': {
          attempts: [{ turns: [{ tools: [{ name: 'create_file', input: { path: 'app/src/hello.ts', content: `// Hello ${FAKE_KEY}\n` } }] }, { text: 'Done.' }] }],
        },
      },
    });
    const leaky = { ...task, verify: ['grep -q Hello src/hello.ts'] };

    const outcome = await runTask({ task: leaky, workspaceRoot: ws.dir, spec: SPEC }, ws.deps(api.agent));

    expect(outcome.success).toBe(false);
    expect(outcome.message).toContain('the change contains the value of ANTHROPIC_API_KEY; it was not merged');
    expect(ws.tip()).toBe(before);
    const written = outputs(ws, 'use-config');
    expect(written).toContain('+// Hello [redacted]');
    expect(written).not.toContain(FAKE_KEY);
    expect(ws.logs.join('\n')).not.toContain(FAKE_KEY);
  });
});
