import { describe, expect, it } from 'vitest';
import { gitEnv } from './env';

describe('gitEnv', () => {
  const env = gitEnv({
    PATH: '/usr/bin',
    HOME: '/home/u',
    ANTHROPIC_API_KEY: 'sk-ant-secret-value',
    NPM_TOKEN: 'npm_abcdef',
    GIT_DIR: '/elsewhere/.git',
    GIT_INDEX_FILE: '/elsewhere/index',
    GIT_AUTHOR_NAME: 'Kept',
  });

  it('drops secrets and inherited repository locations, keeps the rest', () => {
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(env.NPM_TOKEN).toBeUndefined();
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_INDEX_FILE).toBeUndefined();
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/home/u', GIT_AUTHOR_NAME: 'Kept' });
    expect(JSON.stringify(env)).not.toContain('sk-ant-secret-value');
  });

  it('never lets git prompt or open an editor', () => {
    expect(env).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: ':', GIT_SEQUENCE_EDITOR: ':', LC_ALL: 'C' });
  });
});
