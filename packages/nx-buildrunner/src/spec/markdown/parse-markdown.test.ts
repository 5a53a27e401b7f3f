import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './parse-markdown';

const examples = join(__dirname, '../../../../../examples/textkit/PROJECT_SPEC.md');

describe('parseMarkdown', () => {
  it('gives the same tree, positions included, whether or not the document is cut into pieces', () => {
    const text = readFileSync(examples, 'utf8') + '\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\r\nLast\r\n';
    expect(parseMarkdown(text, 1)).toEqual(parseMarkdown(text, 1 << 30));
  });

  it('reads YAML front matter only at the start', () => {
    const tree = parseMarkdown('---\na: 1\n---\n# T\n', 1);
    expect(tree.children.map((c) => c.type)).toEqual(['yaml', 'heading']);
  });

  it('cuts a long document into pieces of about the chunk size', () => {
    const block = '### Feature\n\n- one\n- two\n\nPara\n\n- [ ] three\n\n';
    const text = block.repeat(200);
    const tree = parseMarkdown(text, 1024);
    expect(tree).toEqual(parseMarkdown(text, 1 << 30));
    expect(tree.children.filter((c) => c.type === 'heading')).toHaveLength(200);
    expect(tree.position?.end).toEqual({ line: 1801, column: 1, offset: text.length });
  });

  it('reads the GFM that specs use: tables, task items, strikethrough and footnotes', () => {
    const tree = parseMarkdown('## ~~Old~~ New[^1]\n\n| a |\n|---|\n| 1 |\n\n- [x] done\n\n[^1]: Note.\n');
    expect(tree.children.map((c) => c.type)).toEqual(['heading', 'table', 'list', 'footnoteDefinition']);
    expect(toString(tree.children[0]!)).toBe('Old New');
    expect(tree.children[2]).toMatchObject({ children: [{ type: 'listItem', checked: true }] });
  });

  it('leaves bare URLs and e-mail addresses as text, so a heading reads them as written', () => {
    const tree = parseMarkdown('## Call https://x.dev/api or www.x.dev, mail a@x.dev\n');
    expect(tree.children[0]).toMatchObject({ children: [{ type: 'text' }] });
    expect(toString(tree.children[0]!)).toBe('Call https://x.dev/api or www.x.dev, mail a@x.dev');
  });
});
