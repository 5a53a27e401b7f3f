import { describe, expect, it } from 'vitest';
import { readerInput } from '../__fixtures__/reader-input';
import { readBuildRunner } from './buildrunner';

describe('readBuildRunner', () => {
  it('reads the subsections of Features, with number, group and span', () => {
    const md = [
      '# PROJECT_SPEC - X',
      '## Overview',
      '- not a feature',
      '## Features',
      '### Feature 1: Storage (Build 2A)',
      '- keep items',
      '#### Notes',
      '- still feature 1',
      '### Feature 2: API',
      '**Depends on:** Feature 1',
      '### Notes',
      'context only',
      '## Technical Requirements',
      '- Node 20',
    ].join('\n');
    const drafts = readBuildRunner(readerInput(md));
    expect(drafts.map((d) => [d.title, d.number, d.group, d.line, d.endLine])).toEqual([
      ['Storage', 1, 'Build 2A', 5, 8],
      ['API', 2, undefined, 9, 10],
    ]);
    expect(drafts[0]?.requirements.map((r) => r.text)).toEqual(['keep items', 'still feature 1']);
    expect(drafts[1]?.refs).toEqual([{ kind: 'explicit', text: 'Feature 1', line: 10 }]);
  });

  it('reads outermost Feature N headings when there is no Features section', () => {
    const md = '## Feature 1: A\n### Feature 9: part of A\n- x\n## Feature 2: B\n- y\n';
    expect(readBuildRunner(readerInput(md)).map((d) => [d.title, d.requirements.length])).toEqual([['A', 1], ['B', 1]]);
  });

  it('hashes each feature by its own text only', () => {
    const a = readBuildRunner(readerInput('## Features\n### Feature 1: A\n- x\n### Feature 2: B\n- y\n'));
    const b = readBuildRunner(readerInput('## Features\n### Feature 1: A\n- x\n### Feature 2: B\n- y changed\n'));
    expect(a[0]?.hash).toBe(b[0]?.hash);
    expect(a[1]?.hash).not.toBe(b[1]?.hash);
    expect(a[0]?.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes the same text the same with either line ending', () => {
    const lf = readBuildRunner(readerInput('## Features\n### Feature 1: A\n- x\n'));
    const crlf = readBuildRunner(readerInput('## Features\r\n### Feature 1: A\r\n- x\r\n'));
    expect(crlf[0]?.hash).toBe(lf[0]?.hash);
  });
});
