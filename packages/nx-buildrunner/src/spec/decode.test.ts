import { describe, expect, it } from 'vitest';
import { decodeSource } from './decode';

describe('decodeSource', () => {
  it('drops a leading byte order mark from strings and UTF-8 bytes', () => {
    expect(decodeSource('\uFEFF# T')).toBe('# T');
    expect(decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x23]))).toBe('#');
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    expect(decodeSource(new Uint8Array([0x61, 0xff, 0xfe, 0x62]))).toBe('a\uFFFD\uFFFDb');
  });

  it('decodes UTF-16 files by their byte order mark', () => {
    expect(decodeSource(new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x20, 0x00, 0xe9, 0x00]))).toBe('# é');
    expect(decodeSource(new Uint8Array([0xfe, 0xff, 0x00, 0x23]))).toBe('#');
  });
});
