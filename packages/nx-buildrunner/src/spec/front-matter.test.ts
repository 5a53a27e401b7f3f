import type { Yaml } from 'mdast';
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from './front-matter';
import { parseMarkdown } from './markdown/parse-markdown';

const yamlOf = (md: string) => parseMarkdown(md).children.find((c): c is Yaml => c.type === 'yaml');

describe('readFrontMatter', () => {
  it('reads a mapping', () => {
    expect(readFrontMatter(yamlOf('---\nproject: field-notes\ntags: [a, b]\n---\n# T\n'))).toEqual({
      data: { project: 'field-notes', tags: ['a', 'b'] },
      diagnostics: [],
    });
  });

  it('reports broken YAML at its line instead of throwing', () => {
    const { data, diagnostics } = readFrontMatter(yamlOf('---\ntitle: ok\nbad: [unclosed\nmore: x\n---\n'));
    expect(data).toEqual({});
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.severity).toBe('warning');
    expect(diagnostics[0]?.message).toMatch(/^front matter is not valid YAML: /);
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(3);
    expect(diagnostics[0]?.line).toBeLessThanOrEqual(5);
  });

  it('reports duplicate keys at the second one', () => {
    expect(readFrontMatter(yamlOf('---\na: 1\na: 2\n---\n')).diagnostics.map((d) => d.line)).toEqual([3]);
  });

  it('ignores front matter that is not a mapping, and empty front matter', () => {
    expect(readFrontMatter(yamlOf('---\n- a\n- b\n---\n')).diagnostics[0]?.message).toMatch(/not a mapping/);
    expect(readFrontMatter(yamlOf('---\n\n---\n'))).toEqual({ data: {}, diagnostics: [] });
    expect(readFrontMatter(undefined)).toEqual({ data: {}, diagnostics: [] });
  });

  it('survives alias bombs', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`), '---', ''].join('\n');
    const { data, diagnostics } = readFrontMatter(yamlOf(bomb));
    expect(data).toEqual({});
    expect(diagnostics[0]?.severity).toBe('warning');
  });
});
