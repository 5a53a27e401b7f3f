import { describe, expect, it } from 'vitest';
import { isSecretName, redact, REDACTED, scrubEnv, secretValues } from './secrets';

describe('secrets', () => {
  it('recognises key, token and secret variables by name', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'OPENAI_APIKEY', 'GITHUB_TOKEN', 'NX_CLOUD_ACCESS_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'client_secret', 'DB_PASSWORD', 'SSH_KEY']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'MONKEY', 'KEYBOARD_LAYOUT', 'NODE_OPTIONS', 'TOKENIZER_PATH']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('scrubs an environment without touching the original', () => {
    const env = { PATH: '/bin', ANTHROPIC_API_KEY: 'sk-1234567890' };
    expect(scrubEnv(env)).toEqual({ PATH: '/bin' });
    expect(env.ANTHROPIC_API_KEY).toBe('sk-1234567890');
  });

  it('redacts secret values, longest first, ignoring values too short to be secrets', () => {
    const secrets = secretValues({ A_TOKEN: 'abcdefgh', B_TOKEN: 'abcdefgh-longer', C_KEY: 'short', PATH: '/usr/bin:/bin' }, ['explicit-secret']);
    expect(secrets).toEqual(['abcdefgh-longer', 'explicit-secret', 'abcdefgh']);
    expect(redact('x abcdefgh-longer y abcdefgh z explicit-secret short', secrets)).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED} short`,
    );
  });
});
