import { describe, expect, it } from 'vitest';
import { sha256Hex, shortHash } from './hash';

describe('hash', () => {
  it('hashes strings as their UTF-8 bytes', () => {
    expect(sha256Hex('é')).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('shortens to 16 hex characters', () => {
    expect(shortHash('abc')).toBe(sha256Hex('abc').slice(0, 16));
    expect(shortHash('abc')).toMatch(/^[0-9a-f]{16}$/);
  });
});
