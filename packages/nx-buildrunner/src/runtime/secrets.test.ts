import { describe, expect, it } from 'vitest';
import { isSecretName, REDACTED, scrubDeep, scrubEnv, scrubSecrets } from './secrets';

const ANTHROPIC = `sk-ant-api03-${'A1b2C3d4'.repeat(10)}-xyzAA`;

describe('isSecretName', () => {
  it('recognises key, token, secret and password names in any case style', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'apiKey', 'authToken', 'client-secret', 'GOOGLE_CREDENTIALS']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'MONKEY', 'KEYBOARD_LAYOUT', 'NX_DAEMON', 'headerName']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

describe('scrubSecrets', () => {
  it('removes Anthropic and other well-known key shapes', () => {
    const text = [
      `key ${ANTHROPIC} here`,
      `gh: ghp_${'a'.repeat(36)}`,
      'aws: AKIAABCDEFGHIJKLMNOP',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = scrubSecrets(text, {});
    expect(out).toBe(`key ${REDACTED} here\ngh: ${REDACTED}\naws: ${REDACTED}\n${REDACTED}`);
  });

  it('sees a change to the same environment object between scrubs: a secret added, changed or renamed into place', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/usr/bin', PLAIN: 'first-value-1' };
    expect(scrubSecrets('first-value-1', env)).toBe('first-value-1');
    env.DEPLOY_TOKEN = 'deploy-value-22';
    expect(scrubSecrets('deploy-value-22', env)).toBe(REDACTED);
    env.DEPLOY_TOKEN = 'deploy-value-33';
    expect(scrubSecrets('deploy-value-22 deploy-value-33', env)).toBe(`deploy-value-22 ${REDACTED}`);
    // Same number of variables, one name swapped for a secret one.
    delete env.PLAIN;
    env.OTHER_SECRET = 'first-value-1';
    expect(scrubSecrets('first-value-1', env)).toBe(REDACTED);
  });

  it('removes the values of secret-named environment variables wherever they appear', () => {
    const env = { MY_SERVICE_TOKEN: 'plain-words-but-secret', SHORT_KEY: 'abc', PATH: '/usr/bin:/bin' };
    const out = scrubSecrets('got plain-words-but-secret from abc in /usr/bin:/bin', env);
    expect(out).toBe(`got ${REDACTED} from abc in /usr/bin:/bin`);
  });

  it('removes values assigned to secret-named keys in env files, JSON and code', () => {
    const text = [
      'ANTHROPIC_API_KEY=whatever-it-is',
      'export DB_PASSWORD="pa55"',
      'GITHUB_TOKEN=$GITHUB_TOKEN',
      'MAX_TOKEN=100',
      '{ "apiKey": "a8f5f167f44f4964e6c998dee827110c" }',
      "const client = new Client({ secret: 'Zx9Qw2Er7Ty4Ui1Op3' });",
      "const token = process.env.API_TOKEN;",
      "headers: { headerKey: 'content-type' }",
      'Authorization: Bearer abcdef123456',
      'x-api-key: abcdef123456',
    ].join('\n');
    expect(scrubSecrets(text, {}).split('\n')).toEqual([
      `ANTHROPIC_API_KEY=${REDACTED}`,
      `export DB_PASSWORD=${REDACTED}`,
      'GITHUB_TOKEN=$GITHUB_TOKEN',
      'MAX_TOKEN=100',
      `{ "apiKey": "${REDACTED}" }`,
      `const client = new Client({ secret: '${REDACTED}' });`,
      'const token = process.env.API_TOKEN;',
      "headers: { headerKey: 'content-type' }",
      `Authorization: Bearer ${REDACTED}`,
      `x-api-key: ${REDACTED}`,
    ]);
  });

  it('is idempotent and leaves ordinary code alone', () => {
    const code = "export function slugify(text: string, max = 80): string {\n  const key = text.toLowerCase();\n  return key;\n}\n";
    expect(scrubSecrets(code, {})).toBe(code);
    const once = scrubSecrets(`ANTHROPIC_API_KEY=${ANTHROPIC}`, {});
    expect(scrubSecrets(once, {})).toBe(once);
  });

  it('uses process.env by default', () => {
    const saved = process.env.BR_TEST_SECRET_TOKEN;
    process.env.BR_TEST_SECRET_TOKEN = 'value-from-the-process-env';
    try {
      expect(scrubSecrets('x value-from-the-process-env y')).toBe(`x ${REDACTED} y`);
    } finally {
      if (saved === undefined) delete process.env.BR_TEST_SECRET_TOKEN;
      else process.env.BR_TEST_SECRET_TOKEN = saved;
    }
  });
});

describe('scrubEnv and scrubDeep', () => {
  it('drops secret-named variables from an environment', () => {
    expect(scrubEnv({ ANTHROPIC_API_KEY: ANTHROPIC, ANTHROPIC_AUTH_TOKEN: 't', PATH: '/bin', ANTHROPIC_BASE_URL: 'http://x' })).toEqual({
      PATH: '/bin',
      ANTHROPIC_BASE_URL: 'http://x',
    });
  });

  it('scrubs every string of a JSON value and keeps its shape', () => {
    const value = { a: [`k=${ANTHROPIC}`, 3, null, { b: ANTHROPIC }], ok: true };
    expect(scrubDeep(value, {})).toEqual({ a: [`k=${REDACTED}`, 3, null, { b: REDACTED }], ok: true });
  });
});
