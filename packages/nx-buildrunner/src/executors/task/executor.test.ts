import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import type { CommandRunner, RunOptions } from '../../runtime/verify/runner';
import { fixture, makeTask, makeWorkspace, SPEC, type Workspace } from './__fixtures__/workspace';
import { NO_AGENT_MESSAGE } from './agent-choice';
import taskExecutor from './executor';

const SPEC_TEXT = `# Spec

## Features

### Feature 1: Add Hello
**Description:** Greet people.

**Requirements:**
- The greeting says Hello in English

**Acceptance Criteria:**
- [ ] hello() returns Hello
`;

let ws: Workspace | undefined;

function nxContext(root: string, projects: ExecutorContext['projectsConfigurations']['projects'] = {}): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'br-add-hello',
    targetName: 'br-task',
    projectsConfigurations: { version: 2, projects },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}

const hello = makeTask('add-hello', { featureId: 'add-hello', files: ['src/hello.ts'], requirements: ['add-hello.r1'], verify: ['grep -q Hello src/hello.ts'] });

describe('the task executor', () => {
  it('runs a task with the offline agent named in the options, its scenario relative to the workspace', async () => {
    ws = await makeWorkspace({ 'README.md': '# demo\n', [SPEC]: SPEC_TEXT });
    copyFileSync(fixture('write.yaml'), path.join(ws.dir, 'scenario.yaml'));
    const printed: string[] = [];

    const { success } = await taskExecutor(
      { spec: SPEC, task: hello, featureHash: 'f1', dependencyHash: 'd1', agent: { kind: 'offline', scenario: 'scenario.yaml' } },
      nxContext(ws.dir),
      { print: (t) => printed.push(t), env: { PATH: process.env['PATH'] ?? '' }, deps: { openRepo: ws.openRepo } },
    );

    expect(success).toBe(true);
    expect(printed.at(-1)).toBe('[add-hello] done: result in .buildrunner/results/app/PROJECT_SPEC.md/add-hello');
    expect(ws.show('app/src/hello.ts')).toContain('Hello');
    expect(ws.result('add-hello')).toMatchObject({ status: 'merged', featureHash: 'f1', dependencyHash: 'd1' });
    // The requirement's text from the spec, not only its id, is in the prompt.
    expect(ws.output('add-hello', 'prompt.md')).toContain('- The greeting says Hello in English');
  });

  it('says how to configure an agent when none is set and there is no API key', async () => {
    ws = await makeWorkspace();
    const printed: string[] = [];

    const { success } = await taskExecutor({ spec: SPEC, task: hello, featureHash: 'f', dependencyHash: 'd' }, nxContext(ws.dir), {
      print: (t) => printed.push(t),
      env: {},
    });

    expect(success).toBe(false);
    expect(printed).toEqual([`[add-hello] ${NO_AGENT_MESSAGE}`]);
    expect(ws.tip()).toBeUndefined();
  });

  it("verifies with the workspace's test target when neither the task nor the plugin names commands", async () => {
    ws = await makeWorkspace({ 'README.md': '# demo\n', [SPEC]: SPEC_TEXT });
    copyFileSync(fixture('write.yaml'), path.join(ws.dir, 'scenario.yaml'));
    const ran: Array<{ command: string; options: RunOptions }> = [];
    const runner: CommandRunner = {
      run: async (command, options) => {
        ran.push({ command, options });
        return { command, exitCode: 0, durationMs: 1, timedOut: false, output: 'ok' };
      },
    };
    const projects = { app: { root: 'app', targets: { test: { executor: 'nx:run-commands' } } } };

    const { success } = await taskExecutor(
      { spec: SPEC, task: { ...hello, verify: [] }, featureHash: 'f', dependencyHash: 'd', agent: { kind: 'offline', scenario: 'scenario.yaml' } },
      nxContext(ws.dir, projects),
      { print: () => undefined, env: { PATH: process.env['PATH'] ?? '' }, deps: { openRepo: ws.openRepo, verifyRunner: runner } },
    );

    expect(success).toBe(true);
    expect(ran.map((r) => r.command)).toEqual(['npx nx run app:test']);
    expect(ran[0]?.options.cwd).toBe(path.join(ws.worktree('add-hello'), 'app'));
    expect(ran[0]?.options.env['NX_DAEMON']).toBe('false');
  });
});
