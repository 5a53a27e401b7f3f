import { describe, expect, it } from 'vitest';
import { threadCount } from './markdown/threads';
import { parseSpec } from './parse';
import { parseSpecInThreads } from './parse-in-threads';

/** A spec of `n` features, each depending on the one before. */
function bigSpec(n: number): string {
  const features = Array.from({ length: n }, (_, i) =>
    [
      `### Feature ${i + 1}: Part ${i + 1}`,
      i > 0 ? `**Depends on:** Feature ${i}` : '',
      '',
      '**Requirements:**',
      ...Array.from({ length: 8 }, (_, r) => `- Requirement ${r + 1} of part ${i + 1} handles its case correctly`),
      `- Create \`src/part-${i + 1}.ts\``,
      '',
      '**Acceptance Criteria:**',
      '- [ ] Tests pass',
      '',
    ].join('\n'),
  );
  return ['# PROJECT_SPEC - Big', '', '## Features', '', ...features].join('\n');
}

describe('parseSpecInThreads', () => {
  it('parses in this thread what is too small for threads', async () => {
    const text = '# T\n\n## Features\n\n### Feature 1: A\n\n- does a\n';
    expect(await parseSpecInThreads(text, 'S.md')).toEqual(parseSpec(text, 'S.md'));
  });

  // Run from sources, there is no compiled worker to start (threads.integration.test.ts has one).
  it('falls back to this thread when its workers cannot run', async () => {
    const text = bigSpec(300);
    expect(threadCount(text.length, 2)).toBeGreaterThan(0);
    expect(await parseSpecInThreads(text, 'S.md')).toEqual(parseSpec(text, 'S.md'));
  });
});
