import { describe, expect, it } from 'vitest';
import { chooseAgent, NO_AGENT_MESSAGE } from './agent-choice';
import { workspaceTestCommand } from './workspace-test';

describe('chooseAgent', () => {
  it('defaults to Claude through the API when a key is set', () => {
    expect(chooseAgent(undefined, { ANTHROPIC_API_KEY: 'k' }, '/ws')).toEqual({ ok: true, options: { kind: 'anthropic' } });
  });

  it('says how to configure an agent when there is neither options nor a key', () => {
    const choice = chooseAgent(undefined, {}, '/ws');
    expect(choice).toEqual({ ok: false, message: NO_AGENT_MESSAGE });
    expect(NO_AGENT_MESSAGE).toContain('ANTHROPIC_API_KEY');
    expect(NO_AGENT_MESSAGE).toContain('"kind": "offline"');
  });

  it('resolves an offline scenario file against the workspace and names bad options', () => {
    expect(chooseAgent({ kind: 'offline', scenario: 'demo/s.yaml' }, {}, '/ws')).toEqual({ ok: true, options: { kind: 'offline', scenario: '/ws/demo/s.yaml' } });
    const bad = chooseAgent({ kind: 'anthropic', modle: 'x' }, {}, '/ws');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toContain('agent.modle is not an option of kind "anthropic"');
  });
});

describe('workspaceTestCommand', () => {
  const projects = {
    root: { root: '.', targets: { test: { executor: 'nx:run-commands' } } },
    app: { root: 'app', targets: { test: { executor: '@nx/vite:test' }, build: {} } },
    'br-task-a': { root: 'app/.buildrunner/x', targets: { test: {}, 'br-task': { executor: 'nx-buildrunner:task' } } },
    other: { root: 'other', targets: { test: {} } },
  };

  it("picks the closest project holding the spec's folder that has a test target", () => {
    expect(workspaceTestCommand(projects, 'app', 'nx-buildrunner:')).toBe('npx nx run app:test');
    expect(workspaceTestCommand(projects, 'app/specs', 'nx-buildrunner:')).toBe('npx nx run app:test');
    expect(workspaceTestCommand(projects, 'docs', 'nx-buildrunner:')).toBe('npx nx run root:test');
  });

  it("never picks the plugin's own task projects, and may find nothing", () => {
    expect(workspaceTestCommand(projects, 'app/.buildrunner/x', 'nx-buildrunner:')).toBe('npx nx run app:test');
    expect(workspaceTestCommand({ app: { root: 'app' } }, 'app', 'nx-buildrunner:')).toBeUndefined();
  });
});
