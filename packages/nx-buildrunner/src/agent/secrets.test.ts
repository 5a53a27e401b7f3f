import { describe, expect, it } from 'vitest';
import { REDACTED } from '../runtime/secrets';
import { redactValues, scrubEvent, scrubForRecord, secretValues } from './secrets';

describe('agent secrets', () => {
  it('collects secret-named values and explicit ones, longest first, ignoring values too short to matter', () => {
    const env = { A_TOKEN: 'abcdefgh', B_TOKEN: 'abcdefgh-longer', C_KEY: 'short', PATH: '/usr/bin:/bin' };
    expect(secretValues(env, ['explicit-secret', undefined, null])).toEqual(['abcdefgh-longer', 'explicit-secret', 'abcdefgh']);
  });

  it('redacts exact values only in what the model reads', () => {
    const text = 'x abcdefgh-longer y abcdefgh z; const token = "zz99887766aa";';
    expect(redactValues(text, ['abcdefgh-longer', 'abcdefgh'])).toBe(`x ${REDACTED} y ${REDACTED} z; const token = "zz99887766aa";`);
  });

  it('also scrubs key shapes and secret assignments in what is recorded', () => {
    const text = 'used sk-ant-' + 'api03-abcdefghijklmnop and const token = "zz99887766aa"; and my-own-value-123';
    expect(scrubForRecord(text, ['my-own-value-123'])).toBe(`used ${REDACTED} and const token = "${REDACTED}"; and ${REDACTED}`);
  });

  it('scrubs the text of text and retry events and leaves the rest alone', () => {
    const secrets = ['value-0123456789'];
    expect(scrubEvent({ type: 'text', text: 'see value-0123456789' }, secrets)).toEqual({ type: 'text', text: `see ${REDACTED}` });
    expect(scrubEvent({ type: 'retry', reason: 'value-0123456789' }, secrets)).toEqual({ type: 'retry', reason: REDACTED });
    expect(scrubEvent({ type: 'turn', turn: 2 }, secrets)).toEqual({ type: 'turn', turn: 2 });
  });
});
