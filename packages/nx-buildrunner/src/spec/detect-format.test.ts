import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';
import { parseMarkdown } from './markdown/parse-markdown';
import { buildSections } from './sections';
import { SourceText } from './source-text';

const detect = (md: string) => detectFormat(new SourceText(md), buildSections(parseMarkdown(md)));

describe('detectFormat', () => {
  it('knows the BuildRunner layout by its Features section or Feature N headings', () => {
    expect(detect('# X\n## Features\n### Search\n')).toBe('buildrunner');
    expect(detect('# X\n## Feature 1: Search\n')).toBe('buildrunner');
  });

  it('reads a Features section holding only comments as the BuildRunner layout with no features yet', () => {
    expect(detect('# X\n\n## Features\n\n<!-- add features here -->\n')).toBe('buildrunner');
    expect(detect('# X\n\n## Features\n\nSearch and sync.\n')).toBe('freeform');
  });

  it('knows Spec Kit by its task ids and Kiro by numbered checklist tasks', () => {
    expect(detect('## Phase 1: Setup\n\n- [ ] T001 [P] Create x\n')).toBe('speckit');
    expect(detect('# Implementation Plan\n\n- [ ] 1. Set up\n  - [ ] 1.1 Sub\n')).toBe('kiro');
  });

  it('reads anything else as free-form', () => {
    expect(detect('# X\n## Features of note\n\n- 1. not a task\n- [ ] T1 short id\n')).toBe('freeform');
    expect(detect('')).toBe('freeform');
  });
});
