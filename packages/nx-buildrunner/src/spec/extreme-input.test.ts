import { describe, expect, it } from 'vitest';
import { specViolations } from './__fixtures__/spec-invariants';
import { parseSpec } from './parse';

/** The inputs the issue names: empty, binary, 10 MB, 500 levels of nesting, NUL bytes. */
describe('parseSpec on extreme input', () => {
  const valid = (input: string | Uint8Array) => {
    const spec = parseSpec(input, 'EXTREME.md');
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    expect(specViolations(spec, text)).toEqual([]);
    expect(spec.diagnostics.filter((d) => d.message.startsWith('could not read the spec'))).toEqual([]);
    return spec;
  };

  it('reads empty input', () => {
    expect(valid('').features).toEqual([]);
    expect(valid(new Uint8Array(0)).diagnostics).toEqual([{ severity: 'warning', message: 'the spec is empty', line: 0 }]);
  });

  it('reads binary garbage', () => {
    let x = 0x9e3779b9;
    const bytes = new Uint8Array(64 * 1024).map(() => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    valid(bytes);
  });

  it('reads NUL bytes and control characters inside a spec', () => {
    const spec = valid('# T\u0000\n## Features\n### Feature 1: A\u0000B\n- x\u0000y\u0007\n');
    expect(spec.features.map((f) => f.requirements.length)).toEqual([1]);
  });

  it('reads 500 levels of nested lists and of block quotes', () => {
    const lists = Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const spec = valid(`## Features\n### Feature 1: Deep\n${lists}\n`);
    expect(spec.features[0]?.requirements).toHaveLength(500);
    expect(spec.features[0]?.requirements[499]).toMatchObject({ text: 'level 499', line: 502 });
    const quotes = valid(`## Deep\n${'>'.repeat(500)} - [ ] bottom\n`);
    expect(quotes.features[0]?.acceptance).toEqual([{ text: 'bottom', done: false, line: 2 }]);
  });

  it('reads a 10 MB spec', () => {
    const filler = 'every requirement line in this spec is long so that the file grows quickly '.repeat(20);
    const blocks: string[] = ['# PROJECT_SPEC - Big\n\n## Features\n'];
    let size = blocks[0]!.length;
    for (let i = 1; size < 10 * 1024 * 1024; i++) {
      const block = [
        `### Feature ${i}: Part ${i}`,
        '**Priority:** High',
        i > 1 ? `**Depends on:** Feature ${i - 1}` : '',
        '',
        '**Requirements:**',
        `- ${filler}`,
        `- Create \`src/part-${i}.ts\``,
        '',
        '**Acceptance Criteria:**',
        '- [ ] works',
        '',
      ].join('\n');
      blocks.push(block);
      size += block.length;
    }
    const text = blocks.join('\n');
    const spec = valid(text);
    expect(spec.features).toHaveLength(blocks.length - 1);
    expect(spec.diagnostics).toEqual([]);
    const last = spec.features[spec.features.length - 1]!;
    expect(last.dependsOn).toEqual([`part-${blocks.length - 2}`]);
    expect(last.acceptance[0]?.line).toBe(text.split('\n').length - 1);
  }, 180_000);
});
