import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown/parse-markdown';
import { buildSections, descendants, titleSection } from './sections';

describe('buildSections', () => {
  const md = ['---', 'a: 1', '---', 'pre', '# T', 'intro', '## A', 'a1', '### A.1', 'x', '## B', '- b', '', '> # quoted heading'].join('\n');
  const root = buildSections(parseMarkdown(md));

  it('nests sections by heading level and keeps blocks before the first subsection', () => {
    expect(root.blocks.map((b) => b.type)).toEqual(['paragraph']);
    const [t] = root.children;
    expect(t?.title).toBe('T');
    expect(t?.blocks.map((b) => b.type)).toEqual(['paragraph']);
    expect(t?.children.map((s) => s.title)).toEqual(['A', 'B']);
    expect(t?.children[0]?.children.map((s) => s.title)).toEqual(['A.1']);
  });

  it('gives each section its line span, subsections included', () => {
    const [a, b] = root.children[0]!.children;
    expect([a?.line, a?.endLine]).toEqual([7, 10]);
    expect([b?.line, b?.endLine]).toEqual([11, 14]);
    expect(root.children[0]!.endLine).toBe(14);
  });

  it('does not treat headings inside quotes as structure', () => {
    expect(descendants(root).map((s) => s.title)).toEqual(['T', 'A', 'A.1', 'B']);
  });

  it('knows the h1 that titles the document only when there is one', () => {
    expect(titleSection(root)?.title).toBe('T');
    expect(titleSection(buildSections(parseMarkdown('# A\n# B\n')))).toBeUndefined();
  });
});
