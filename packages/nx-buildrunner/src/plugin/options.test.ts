import { describe, expect, it } from 'vitest';
import { normalizeOptions } from './options';

describe('normalizeOptions', () => {
  it('fills the defaults', () => {
    expect(normalizeOptions(undefined)).toEqual({
      specs: ['**/PROJECT_SPEC.md'],
      targetName: 'br-task',
      verifyTargetName: 'br-verify',
      projectPrefix: 'br-',
      specProjectPrefix: 'br-spec-',
      verification: {},
    });
  });

  it('keeps given options, derives the spec project prefix from the project prefix', () => {
    expect(
      normalizeOptions({
        specs: 'specs/*.md',
        targetName: 'build-task',
        verifyTargetName: 'check-task',
        projectPrefix: '',
        agent: { backend: 'claude-code', model: 'claude-sonnet-4-5' },
        verification: { commands: ['npm test'], retries: 2, timeoutMs: 1000, scope: 'fail', guardTests: false },
        integrationBranch: 'buildrunner/integration',
      }),
    ).toEqual({
      specs: ['specs/*.md'],
      targetName: 'build-task',
      verifyTargetName: 'check-task',
      projectPrefix: '',
      specProjectPrefix: 'spec-',
      agent: { backend: 'claude-code', model: 'claude-sonnet-4-5' },
      verification: { commands: ['npm test'], retries: 2, timeoutMs: 1000, scope: 'fail', guardTests: false },
      integrationBranch: 'buildrunner/integration',
    });
  });

  it.each([
    [{ specs: [] as string[] }, 'option "specs" must be a non-empty string or list of non-empty strings'],
    [{ specs: 3 }, 'option "specs"'],
    [{ targetName: '' }, 'option "targetName" must be a non-empty string'],
    [{ targetName: 'x', verifyTargetName: 'x' }, 'option "verifyTargetName" must be different from targetName "x"'],
    [{ agent: 'claude' }, 'option "agent" must be an object'],
    [{ verification: { retries: -1 } }, 'option "verification.retries" must be an integer >= 0'],
    [{ verification: { timeoutMs: 1.5 } }, 'option "verification.timeoutMs" must be an integer >= 1'],
    [{ verification: { commands: [1] } }, 'option "verification.commands"'],
    [{ verification: { scope: 'strict' } }, 'option "verification.scope" must be one of off, warn, fail, got "strict"'],
    [{ verification: { guardTests: 'yes' } }, 'option "verification.guardTests" must be true or false'],
  ])('rejects %j', (options, message) => {
    expect(() => normalizeOptions(options)).toThrow(message);
  });

  it('accepts a single spec glob or verify command as a list', () => {
    expect(normalizeOptions({ specs: 'a/*.md', verification: { commands: 'npm test' } })).toMatchObject({
      specs: ['a/*.md'],
      verification: { commands: ['npm test'] },
    });
  });
});
