import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunks';

const lineStarts = (text: string, target = 1) => chunkDocument(text, target).map((c) => c.line);

describe('chunkDocument', () => {
  it('keeps a short document whole', () => {
    expect(chunkDocument('# A\n\ntext\n', 1 << 20)).toEqual([{ offset: 0, line: 1 }]);
  });

  it('cuts before headings and before paragraphs that follow a blank line', () => {
    const text = '# A\n- item\n\nPara\n## B\n**Label:** x\n';
    expect(lineStarts(text)).toEqual([1, 4, 5]);
    const chunks = chunkDocument(text, 1);
    expect(text.slice(chunks[1]!.offset)).toBe('Para\n## B\n**Label:** x\n');
  });

  it('never cuts where a container could continue', () => {
    const text = ['- a', '', '- b', '', '  indented', '', '> quote', '', '1. one', '', '2) two', '', '---', ''].join('\n');
    expect(lineStarts(text)).toEqual([1]);
  });

  it('cuts after a blank line before bold labels but not before emphasis or bullets', () => {
    expect(lineStarts('x\n\n**Requirements:**\n\n* item\n\n*em*\n')).toEqual([1, 3]);
  });

  it('never cuts inside fenced code, front matter or HTML blocks', () => {
    const text = [
      '---', 'a: 1', '', 'b: 2', '---', // front matter with a blank line
      '```md', '# not a heading', '', 'Not a paragraph', '```',
      '<!--', '', '# comment', '-->',
      '<div>', '# inside html', '',
      '# Real',
    ].join('\n');
    expect(lineStarts(text)).toEqual([1, 18]);
  });

  it('counts CRLF and lone CR as line endings like CommonMark', () => {
    const text = '# A\r\n\r\nPara\r# B\r\n';
    const chunks = chunkDocument(text, 1);
    expect(chunks.map((c) => c.line)).toEqual([1, 3, 4]);
    expect(text.slice(chunks[2]!.offset)).toBe('# B\r\n');
  });
});
