import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown/parse-markdown';
import { joinLines, nodeLines, plainText } from './inline-text';
import { SourceText } from './source-text';

function firstParagraph(md: string) {
  const source = new SourceText(md);
  const stack = [...parseMarkdown(md).children] as Array<{ type: string; children?: unknown[] }>;
  for (let n = stack.shift(); n; n = stack.shift()) {
    if (n.type === 'paragraph') return { source, node: n as never };
    stack.unshift(...((n.children ?? []) as typeof stack));
  }
  throw new Error('no paragraph');
}

describe('nodeLines', () => {
  it('keeps Markdown as written and the line of each source line', () => {
    const { source, node } = firstParagraph('# Heading\n\n**A:** `x`\nmore *text*\n');
    expect(nodeLines(source, node)).toEqual([
      { text: '**A:** `x`', line: 3 },
      { text: 'more *text*', line: 4 },
    ]);
  });

  it('removes block quote markers and list indentation from continuation lines', () => {
    const quoted = firstParagraph('> one\n> two\r\n>   three\n');
    expect(nodeLines(quoted.source, quoted.node).map((l) => l.text)).toEqual(['one', 'two', 'three']);
    const listed = firstParagraph('- [ ] one\n  two\\\n  three\n');
    expect(joinLines(nodeLines(listed.source, listed.node))).toBe('one two three');
  });
});

describe('plainText', () => {
  it('drops emphasis, code and link syntax but keeps their words', () => {
    expect(plainText('**Depends on** the [`note store`](#x) and _sync_ \\*')).toBe('Depends on the note store and sync *');
  });

  it('leaves snake_case and arithmetic alone', () => {
    expect(plainText('task_generator.py and 2 * 3 * 4')).toBe('task_generator.py and 2 * 3 * 4');
  });
});
